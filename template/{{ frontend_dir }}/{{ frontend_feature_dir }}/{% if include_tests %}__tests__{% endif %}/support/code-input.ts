import { screen, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";

/** The first box of a code field, found as every kit draws it: a group named by its label. */
export function codeField(label: string): HTMLElement {
  const group = screen.getByRole("group", { name: label });
  const [first] = within(group).getAllByRole("textbox");
  return first;
}

export async function typeCode(user: UserEvent, label: string, code: string) {
  await user.click(codeField(label));
  await user.keyboard(code);
}

export async function pasteCode(user: UserEvent, label: string, text: string) {
  await user.click(codeField(label));
  await user.paste(text);
}
