/**
 * The one place zod is configured: Danish messages for every schema in the project.
 * Import `z` from here (not from 'zod') so the locale is always set before a schema parses.
 */
import { z } from 'zod';

z.config(z.locales.da());

export { z };

/**
 * What a bad card's envelope is answered with (a `bad-request`): one line per problem, the field's
 * path (or "kortdata" for the card as a whole) and the message.
 */
export function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || 'kortdata'}: ${i.message}`);
}

/** One Danish line per problem, naming the field (path) it concerns. */
export function describeIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return path ? `Feltet "${path}": ${issue.message}` : issue.message;
  });
}
