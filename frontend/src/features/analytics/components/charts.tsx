// The analytics charts, drawn with Recharts. Only the analytics pages import this module, so the
// chart library is in their chunks and never in the main one.
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatShortDay } from "@/lib/datetime";

/**
 * From the Okabe–Ito palette (told apart with the common colour-vision deficiencies), dark
 * enough against white: series drawn together differ in hue and in lightness, and no colour
 * stands for two things (appointments blue, completed near-black, no-shows orange).
 */
const colors = {
  appointments: "#0072b2",
  completed: "#1f2937",
  noShows: "#b45309",
  cancelled: "#64748b",
  newPatients: "#7c3aed",
  returningPatients: "#009e73",
  newDoctors: "#cc3d8f",
};

type DayPoint = { date: string; appointments: number; completed: number; noShows: number; cancelled: number };

/** Visits day by day: booked visits as bars, those completed as a line. */
export function VisitsByDayChart({ data }: { data: DayPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" tickFormatter={formatShortDay} tick={{ fontSize: 12 }} minTickGap={16} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
        <Tooltip labelFormatter={(label) => formatShortDay(String(label))} />
        <Legend />
        <Bar dataKey="appointments" name="Appointments" fill={colors.appointments} isAnimationActive={false} />
        <Bar dataKey="noShows" name="No-shows" fill={colors.noShows} isAnimationActive={false} />
        <Line
          dataKey="completed"
          name="Completed"
          stroke={colors.completed}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

type DoctorPoint = { fullName: string; appointments: number; completed: number; noShows: number };

/** Each doctor's visits: booked, completed and missed side by side. */
export function VisitsByDoctorChart({ data }: { data: DoctorPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
        <YAxis type="category" dataKey="fullName" width={120} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Legend />
        <Bar dataKey="appointments" name="Appointments" fill={colors.appointments} isAnimationActive={false} />
        <Bar dataKey="completed" name="Completed" fill={colors.completed} isAnimationActive={false} />
        <Bar dataKey="noShows" name="No-shows" fill={colors.noShows} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

type WeekPoint = {
  weekStart: string;
  appointments: number;
  completed: number;
  noShows: number;
  newPatients: number;
  returningPatients: number;
};

/** A doctor's weeks: new and returning patients stacked, completed visits as a line. */
export function VisitsByWeekChart({ data }: { data: WeekPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="weekStart" tickFormatter={formatShortDay} tick={{ fontSize: 12 }} minTickGap={16} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
        <Tooltip labelFormatter={(label) => `Week of ${formatShortDay(String(label))}`} />
        <Legend />
        <Bar dataKey="newPatients" name="New patients" stackId="patients" fill={colors.newPatients} isAnimationActive={false} />
        <Bar
          dataKey="returningPatients"
          name="Returning patients"
          stackId="patients"
          fill={colors.returningPatients}
          isAnimationActive={false}
        />
        <Line
          dataKey="completed"
          name="Completed"
          stroke={colors.completed}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

type PeriodPoint = { period: string; appointments: number; completed: number; newPatients: number; newDoctors: number };

/** The platform's periods: visits as bars, new patients and new doctors as lines. */
export function PlatformChart({ data, grouping }: { data: PeriodPoint[]; grouping: "week" | "month" }) {
  const label = (value: unknown) =>
    grouping === "month" ? formatMonth(String(value)) : `Week of ${formatShortDay(String(value))}`;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="period"
          tickFormatter={grouping === "month" ? formatMonth : formatShortDay}
          tick={{ fontSize: 12 }}
          minTickGap={16}
        />
        <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
        <Tooltip labelFormatter={label} />
        <Legend />
        <Bar dataKey="appointments" name="Appointments" fill={colors.appointments} isAnimationActive={false} />
        <Bar dataKey="completed" name="Completed" fill={colors.completed} isAnimationActive={false} />
        <Line dataKey="newPatients" name="New patients" stroke={colors.newPatients} strokeWidth={2} isAnimationActive={false} />
        <Line
          dataKey="newDoctors"
          name="New doctors"
          stroke={colors.newDoctors}
          strokeWidth={2}
          strokeDasharray="6 3"
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/** "Nov 2026" for a month's first day ("2026-11-01"). */
function formatMonth(dateKey: string): string {
  return new Intl.DateTimeFormat(undefined, { month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${dateKey}T12:00:00Z`),
  );
}
