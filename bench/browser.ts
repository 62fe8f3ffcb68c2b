/** Chromium start-up figures: navigation until sign-in is usable, and sign-in until the counter is usable. */
import { chromium } from '@playwright/test';

export async function benchBrowser(url: string, user: { username: string; password: string }) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const navigation: number[] = [];
    const counter: number[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await (await browser.newContext()).newPage();
      const t0 = performance.now();
      await page.goto(url);
      await page.getByLabel('Username').waitFor({ state: 'visible' });
      navigation.push(performance.now() - t0);
      await page.getByLabel('Username').fill(user.username);
      await page.getByLabel('Password', { exact: true }).fill(user.password);
      const t1 = performance.now();
      await page.getByRole('button', { name: /sign in/i }).click();
      await page.getByRole('searchbox').or(page.getByRole('combobox', { name: /scan|search/i })).first().waitFor({ state: 'visible' });
      counter.push(performance.now() - t1);
      await page.context().close();
    }
    const worst = (v: number[]) => Math.round(Math.max(...v));
    return [
      { name: 'Chromium: navigation → sign-in usable', figure: `${worst(navigation)} ms (worst of 3)`, target: '< 1000 ms', met: worst(navigation) < 1000, data: navigation },
      { name: 'Chromium: sign-in → counter usable', figure: `${worst(counter)} ms (worst of 3)`, target: '< 1000 ms', met: worst(counter) < 1000, data: counter },
    ];
  } finally {
    await browser.close();
  }
}
