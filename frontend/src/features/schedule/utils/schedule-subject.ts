/** A clinic's doctor whose schedule their clinic's admin edits, named in the editor's texts. */
export type ScheduleDoctor = {
  id: number;
  /** As the doctor's account spells it, e.g. "Dr. Amina Okafor". */
  name: string;
};

/** The editor's words for whose schedule it is: "your" for the signed-in doctor's own (no
 * `doctor`), the doctor's name for a clinic's admin. */
export type ScheduleWording = {
  /** "your" or "Dr. Amina Okafor's", inside a sentence. */
  whose: string;
  /** "Your" or "Dr. Amina Okafor's", at the start of a sentence. */
  Whose: string;
  approvalLabel: string;
  noteHint: string;
};

export function scheduleWording(doctor: ScheduleDoctor | null): ScheduleWording {
  if (!doctor) {
    return {
      whose: "your",
      Whose: "Your",
      approvalLabel: "Requests need my approval",
      noteHint: "Optional. For reference: admins who manage your schedule see it too.",
    };
  }
  const whose = `${doctor.name}'s`;
  return {
    whose,
    Whose: whose,
    approvalLabel: `Requests need ${whose} approval`,
    noteHint: `Optional. For reference: ${doctor.name} sees it too.`,
  };
}
