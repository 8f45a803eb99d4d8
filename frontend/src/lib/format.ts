export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** "12 years of experience"; null when unknown. */
export function formatExperience(years: number | null): string | null {
  if (years === null) return null;
  if (years < 1) return "Less than 1 year of experience";
  return `${pluralize(years, "year")} of experience`;
}

/** Up to two initials, without titles: "Dr. Amina Okafor" → "AO", "Dr. Li" → "L". */
const HONORIFICS = new Set(["dr", "prof", "mr", "mrs", "ms", "mx", "miss"]);

export function initialsOf(name: string): string {
  const words = name
    .split(/\s+/)
    .map((word) => word.replace(/[^\p{L}\p{N}]/gu, ""))
    .filter(Boolean);
  while (words.length > 1 && HONORIFICS.has((words[0] ?? "").toLowerCase())) {
    words.shift();
  }
  const first = words[0];
  if (!first) return "?";
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const letters = [first, last].filter((word): word is string => word !== undefined);
  return letters.map((word) => Array.from(word)[0]?.toUpperCase() ?? "").join("");
}

// Intl formatters are slow to make and fast to use: each is made once, when first needed
// (a page of doctor cards formats a list and a rating per card).
let listFormat: Intl.ListFormat | undefined;
let ratingFormat: Intl.NumberFormat | undefined;

export function formatList(items: readonly string[]): string {
  listFormat ??= new Intl.ListFormat(undefined, { style: "long", type: "conjunction" });
  return listFormat.format(items);
}

export function formatRating(rating: number): string {
  ratingFormat ??= new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return ratingFormat.format(rating);
}
