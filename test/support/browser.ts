import { existsSync } from 'node:fs';
import { chromium, type Browser, type Locator } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Why browser tests may skip: no Chromium here. Under CI=true a missing browser is a
 * failure instead, so CI can never pass by skipping them.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  const message = `no Chromium at ${chromiumPath}: install it (apt-get install chromium) or set CHROMIUM_PATH`;
  if (process.env.CI === 'true') throw new Error(message);
  return message;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    // The machine has no network: without these Chromium keeps trying to reach Google.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * The box of an element a page may still be drawing or redrawing, such as a uPlot chart that
 * is rebuilt when its data arrives: boundingBox() is null while the element is detached,
 * so it is asked again until it answers (within playwright's wait for the element).
 */
export async function boxOf(locator: Locator, timeoutMs = 15_000): Promise<{ x: number; y: number; width: number; height: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await locator.waitFor({ timeout: Math.max(1, deadline - Date.now()) });
    const box = await locator.boundingBox();
    if (box) return box;
    if (Date.now() > deadline) throw new Error(`no box for ${String(locator)} within ${timeoutMs} ms`);
  }
}
