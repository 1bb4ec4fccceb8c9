import { z } from "zod";

/**
 * Default messages for schemas that set none: the original API answers "Invalid value for <field>"
 * and "<field> is required", so every route does the same. Set here, beside the schemas, so the
 * browser validating with the same schemas shows exactly the server's words.
 */
z.config({
  customError: (issue) => {
    const field = issue.path?.map(String).join(".") || "request";
    if (issue.input === undefined) return `${field} is required`;
    return `Invalid value for ${field}`;
  },
});

/** The first problem of a failed parse, as the API words it. */
export function firstIssueMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? "Invalid request";
}

/** Common field schemas. */
export const BooleanString = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");
export const PathId = z.string().min(1).max(200);
