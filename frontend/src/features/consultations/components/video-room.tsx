import { useEffect, useId, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { Spinner } from "@/components/spinner";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { browserTimeZone, formatCountdown, formatDateTime, formatTimeRange } from "@/lib/datetime";
import { useNow } from "@/lib/use-now";
import type { Appointment } from "@/types/api";
import { useJoinVideo } from "@/features/consultations/api/join-video";
import { isFatalJitsiError, loadJitsiApi, type JitsiMeetApi } from "@/features/consultations/utils/jitsi";

export type JoinWindow = {
  opensAt: string;
  closesAt: string;
};

const VIDEO_UNREACHABLE = "We couldn't reach the video service. Check your connection and try again.";
const NOT_CONFIGURED = "Video consultations are not set up on this Clinic360 yet.";

type DeviceProblem = "camera" | "microphone" | "fatal" | "other";

const deviceProblemText: Record<DeviceProblem, string> = {
  camera:
    "Your camera is blocked or unavailable. Allow camera access for this site in your browser's settings, or close other apps that use the camera. The other person can still hear you.",
  microphone:
    "Your microphone is blocked or unavailable. Allow microphone access for this site in your browser's settings so that the other person can hear you.",
  fatal: "The video call stopped working. Leave the consultation and join again.",
  other: "The video service reported a problem. If you can't see or hear each other, leave and join again.",
};

type Phase = "idle" | "connecting" | "in-call";

type VideoRoomProps = {
  appointment: Appointment;
  viewer: "patient" | "doctor";
  /** When the room is open, from the thread; null while unknown. */
  joinWindow: JoinWindow | null;
  /** True while the window is still being fetched. */
  windowPending: boolean;
};

/** The "Join consultation" button with its countdown, and the Jitsi room once joined. */
export function VideoRoom({ appointment, viewer, joinWindow, windowPending }: VideoRoomProps) {
  const countdownId = useId();
  const now = useNow(1000);
  const viewerZone = browserTimeZone();
  const containerRef = useRef<HTMLDivElement>(null);
  const jitsiRef = useRef<JitsiMeetApi | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const mounted = useRef(true);
  const [phase, setPhase] = useState<Phase>("idle");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problems, setProblems] = useState<DeviceProblem[]>([]);
  /** The window the server named when it refused a join (its clock decides). */
  const [serverWindow, setServerWindow] = useState<JoinWindow | null>(null);
  const joinMutation = useJoinVideo();

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      jitsiRef.current?.dispose();
      jitsiRef.current = null;
    };
  }, []);

  const activeWindow = serverWindow ?? joinWindow;
  const opensAt = activeWindow ? Date.parse(activeWindow.opensAt) : null;
  const closesAt = activeWindow ? Date.parse(activeWindow.closesAt) : null;
  const confirmed = appointment.status === "confirmed";
  const ended = appointment.status === "completed" || appointment.status === "no_show" || (closesAt !== null && now > closesAt);
  const notYet = opensAt !== null && now < opensAt;
  const canJoin = confirmed && !ended && !notYet && !(activeWindow === null && windowPending) && phase === "idle";

  function showError(text: string) {
    flushSync(() => setError(text));
    alertRef.current?.focus();
  }

  function addProblem(problem: DeviceProblem) {
    setProblems((current) => (current.includes(problem) ? current : [...current, problem]));
  }

  function leave(message = "You left the consultation. You can join again while the room is open.") {
    jitsiRef.current?.dispose();
    jitsiRef.current = null;
    if (!mounted.current) return;
    setPhase("idle");
    setProblems([]);
    setNotice(message);
  }

  async function join() {
    if (!canJoin) return;
    setError(null);
    setNotice(null);
    setProblems([]);
    setPhase("connecting");

    let room;
    try {
      room = await joinMutation.mutateAsync(appointment.id);
    } catch (joinError) {
      if (!mounted.current) return;
      setPhase("idle");
      if (joinError instanceof ApiError && joinError.code === "outside_join_window") {
        const { opensAt: opens, closesAt: closes } = joinError.extra;
        if (typeof opens === "string" && typeof closes === "string") {
          setServerWindow({ opensAt: opens, closesAt: closes });
          showError(
            Date.parse(opens) > Date.now()
              ? `The room isn't open yet. It opens ${formatDateTime(opens, viewerZone)}.`
              : "This consultation has ended.",
          );
          return;
        }
      }
      showError(joinErrorMessage(joinError));
      return;
    }

    let JitsiMeetExternalAPI;
    try {
      JitsiMeetExternalAPI = await loadJitsiApi(room.scriptUrl);
    } catch {
      if (!mounted.current) return;
      setPhase("idle");
      showError(VIDEO_UNREACHABLE);
      return;
    }
    const parentNode = containerRef.current;
    if (!mounted.current || !parentNode) return;

    let jitsi: JitsiMeetApi;
    try {
      jitsi = new JitsiMeetExternalAPI(room.domain, {
        roomName: room.roomName,
        ...(room.jwt ? { jwt: room.jwt } : {}),
        parentNode,
        width: "100%",
        height: 600,
        userInfo: { displayName: room.displayName },
        configOverwrite: { startWithVideoMuted: room.startWithVideoMuted, prejoinPageEnabled: false },
        interfaceConfigOverwrite: {},
      });
    } catch {
      setPhase("idle");
      showError(VIDEO_UNREACHABLE);
      return;
    }
    jitsiRef.current = jitsi;
    jitsi.addListener("videoConferenceJoined", () => {
      // The patient waits in the lobby until the doctor lets them in.
      if (viewer === "doctor") jitsi.executeCommand("toggleLobby", true);
    });
    jitsi.addListener("cameraError", () => addProblem("camera"));
    jitsi.addListener("micError", () => addProblem("microphone"));
    jitsi.addListener("errorOccurred", (payload) => addProblem(isFatalJitsiError(payload) ? "fatal" : "other"));
    jitsi.addListener("readyToClose", () => leave());
    setPhase("in-call");
  }

  let availability: string | null = null;
  if (appointment.status === "cancelled") {
    availability = "This appointment was cancelled.";
  } else if (appointment.status === "pending") {
    availability = "The room opens once the doctor confirms the appointment.";
  } else if (ended) {
    availability = "This consultation has ended.";
  } else if (notYet && opensAt !== null) {
    availability = `Opens in ${formatCountdown(opensAt - now)}`;
  } else if (activeWindow === null && windowPending) {
    availability = "Checking when the room opens…";
  }

  return (
    <div className="space-y-4">
      {activeWindow ? (
        <p className="text-slate-700">
          The room is open{" "}
          <time dateTime={activeWindow.opensAt}>{formatTimeRange(activeWindow.opensAt, activeWindow.closesAt, viewerZone)}</time>.
        </p>
      ) : null}

      {error ? (
        <Alert ref={alertRef} variant="error">
          {error}
        </Alert>
      ) : null}
      {notice && phase === "idle" ? <Alert variant="info">{notice}</Alert> : null}
      {problems.map((problem) => (
        <Alert key={problem} variant="error">
          {deviceProblemText[problem]}
        </Alert>
      ))}

      {phase === "in-call" ? (
        <Button variant="secondary" onClick={() => leave()}>
          Leave consultation
        </Button>
      ) : (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-4">
          <Button
            onClick={() => void join()}
            disabled={!canJoin}
            aria-describedby={availability ? countdownId : undefined}
            aria-busy={phase === "connecting" || undefined}
          >
            Join consultation
          </Button>
          {availability ? (
            <p id={countdownId} className="font-medium text-slate-800">
              {availability}
            </p>
          ) : null}
        </div>
      )}

      {phase === "connecting" ? <Spinner label="Connecting to the video room…" className="justify-start" /> : null}

      {/* Jitsi puts its iframe in here; React renders nothing inside it. */}
      <div
        ref={containerRef}
        className={phase === "in-call" ? "overflow-hidden rounded-xl bg-slate-900" : "hidden"}
      />
    </div>
  );
}

function joinErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === "video_not_configured") return NOT_CONFIGURED;
    if (error.code === "not_confirmed") return "The room opens only for confirmed appointments.";
  }
  return getErrorMessage(error);
}
