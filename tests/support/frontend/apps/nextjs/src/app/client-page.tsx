"use client";

export { HarnessPage as ClientPage } from "../harness-page";
