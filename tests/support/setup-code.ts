/** The setup code test hosts expect over HTTP (what `tessera serve` would have printed). */
export const TEST_SETUP_CODE = 'TEST-SETUP-CODE-0000';

/** Over HTTP, auth.setup carries the setup code unless the test sends its own: the tester read the console. */
export function withSetupCode(method: string, input: unknown): unknown {
  if (method !== 'auth.setup' || typeof input !== 'object' || input === null || Array.isArray(input) || 'setupCode' in input) return input;
  return { ...input, setupCode: TEST_SETUP_CODE };
}
