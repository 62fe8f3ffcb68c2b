/** The counter screen sizes every counter-facing e2e runs at: a common 1024×768 till screen and a 1280×800 laptop. */
export const COUNTER_SCREENS = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
] as const;
