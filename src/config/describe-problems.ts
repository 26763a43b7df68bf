import type { z } from 'zod';

/** zod's issues as one line that names each key: `"keep_clones": Too small…; "colour": unknown key`. */
export function describeProblems(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key].join('.')) : [issue.path.join('.')];
      const message = issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message;
      return keys.map((key) => (key ? `"${key}": ${message}` : message)).join('; ');
    })
    .join('; ');
}
