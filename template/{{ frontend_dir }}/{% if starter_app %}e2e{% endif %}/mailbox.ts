// The emails Django wrote with its file-based backend (EMAIL_FILE_PATH), newest last.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

function messages(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((name) => path.join(folder, name))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
    .flatMap((file) => readFileSync(file, "utf8").split(/^-{79}$/m))
    .filter((message) => message.trim());
}

/** The sign-in code of the first email that arrives after `seen` messages. */
export async function waitForLoginCode(
  folder: string,
  seen: number,
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const fresh = messages(folder).slice(seen);
    for (const message of fresh) {
      const code = /sign-in code is (\d{6})/.exec(message)?.[1];
      if (code) return code;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `No sign-in code was emailed to ${folder} within ${timeoutMs} ms`,
  );
}

export function countMessages(folder: string): number {
  return messages(folder).length;
}
