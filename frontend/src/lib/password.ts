import { z } from "@/lib/zod";
import { characterCount, utf8ByteLength } from "@/lib/form";

export const PASSWORD_MIN_CHARACTERS = 10;
export const PASSWORD_MAX_BYTES = 72;

/** What the browser can check of a new password; the server also refuses weak and guessable ones. */
export const newPasswordSchema = z
  .string()
  .refine((value) => characterCount(value) >= PASSWORD_MIN_CHARACTERS, {
    message: `Use at least ${PASSWORD_MIN_CHARACTERS} characters.`,
  })
  .refine((value) => utf8ByteLength(value) <= PASSWORD_MAX_BYTES, {
    message: `Use at most ${PASSWORD_MAX_BYTES} bytes (shorter, or fewer special characters).`,
  });

export const NEW_PASSWORD_HINT = `At least ${PASSWORD_MIN_CHARACTERS} characters. Avoid your name, your email, the word Clinic360 and common words or patterns.`;

export const PASSWORDS_DIFFER_MESSAGE = "The two passwords are not the same.";
