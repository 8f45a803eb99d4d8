import { useId } from "react";
import { formatDateTime } from "@/lib/datetime";
import type { Prescription } from "@/types/api";

const columns = ["Medication", "Dose", "Route", "Frequency", "Duration", "Instructions"] as const;

type PrescriptionBlockProps = {
  prescription: Prescription;
  viewerZone: string;
};

/** A prescription's medicines in a table, with its PDF. */
export function PrescriptionBlock({ prescription, viewerZone }: PrescriptionBlockProps) {
  const titleId = useId();
  const issued = formatDateTime(prescription.createdAt, viewerZone);
  return (
    <section aria-labelledby={titleId} className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
      <div>
        <h4 id={titleId} className="font-semibold text-slate-900">
          Prescription
        </h4>
        <p className="text-sm text-slate-600">
          Issued <time dateTime={prescription.createdAt}>{issued}</time> · Verification code{" "}
          <span className="font-mono font-semibold text-slate-900">{prescription.verificationCode}</span>
        </p>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[36rem] border-collapse text-left text-sm">
          <caption className="sr-only">Medicines prescribed on {issued}</caption>
          <thead>
            <tr className="border-b border-slate-300 text-slate-900">
              {columns.map((column) => (
                <th key={column} scope="col" className="px-2 py-1.5 font-semibold first:pl-0">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 text-slate-800">
            {prescription.items.map((item, index) => (
              <tr key={`${index}-${item.medication}`}>
                <th scope="row" className="px-2 py-1.5 pl-0 font-medium">
                  {item.medication}
                </th>
                <td className="px-2 py-1.5">{item.dose}</td>
                <td className="px-2 py-1.5">{item.route || "—"}</td>
                <td className="px-2 py-1.5">{item.frequency}</td>
                <td className="px-2 py-1.5">{item.duration}</td>
                <td className="px-2 py-1.5 break-words whitespace-pre-line">{item.instructions || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <a
        href={prescription.pdfUrl}
        download
        aria-describedby={titleId}
        className="inline-flex min-h-11 items-center font-semibold text-teal-800 underline underline-offset-2"
      >
        Download prescription (PDF)
      </a>
    </section>
  );
}
