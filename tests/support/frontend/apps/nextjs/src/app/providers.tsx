"use client";

export { HarnessProviders as Providers } from "../harness-providers";
