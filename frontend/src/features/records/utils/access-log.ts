const actionWords: Partial<Record<string, string>> = {
  "records.read": "Read your records",
  "record.write": "Wrote a record",
  "record.amend": "Corrected a record",
  "documents.read": "Looked at your list of documents",
  "document.write": "Uploaded a document",
  "document.read": "Downloaded a document",
  "prescription.read": "Downloaded a prescription",
  "chart.read": "Viewed your chart",
  "profile.read": "Viewed your profile",
  "profile.write": "Changed your profile",
  export: "Downloaded all your data",
};

/** What an access-log action means, in words: "records.read" → "Read your records". */
export function describeAccess(action: string): string {
  const words = actionWords[action];
  if (words) return words;
  const text = action.replace(/[._]/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const roleLabels: Partial<Record<string, string>> = {
  patient: "Patient",
  doctor: "Doctor",
  admin: "Administrator",
};

export function describeRole(role: string): string {
  return roleLabels[role] ?? role;
}
