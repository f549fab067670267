// src/lib/utils.ts, as `npx shadcn init` writes it.
import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/** Joins class names; on a Tailwind conflict the later class wins (`p-2` then `p-4`). */
export function cn(...inputs: ClassValue[]) {
  return twMerge(clsx(inputs));
}
