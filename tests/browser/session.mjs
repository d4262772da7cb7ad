// What the session-49 browser scripts start with (run by tests/web_browser.rs): the server's
// address, the workspace and the screenshots' folder from the environment, a step check that
// stops the script in French, and one page of Debian's headless chromium driven by
// playwright-core at `viewport`, its errors collected and its dialogs accepted.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

export const base = process.env.BASE_URL;
export const shots = process.env.SHOTS;
export const workspace = process.env.WORKSPACE;

export function check(condition, message) {
  if (!condition) throw new Error("étape échouée : " + message);
}

export async function openPage(viewport) {
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-proxy-server", "--proxy-bypass-list=*"],
  });
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("dialog", (d) => d.accept());
  return { browser, context, page, errors };
}
