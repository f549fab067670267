// Reads a QR code off the page, as a phone's camera does: from the pixels on screen.
import type { Locator } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";

export async function readQrCode(image: Locator): Promise<string> {
  const png = PNG.sync.read(await image.screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!code) throw new Error("No QR code could be read from the image");
  return code.data;
}
