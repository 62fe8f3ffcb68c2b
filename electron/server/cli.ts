/** Support commands of `tessera` other than `serve`. */
export const cliUsage = `Usage: tessera <command> [options]

Commands:
  serve     serve the UI and the contract over HTTP (tessera serve --help)

Run a command with --help for its options.`;

export async function runCli(command: string | undefined, _args: string[]): Promise<number> {
  if (command === undefined || command === '--help' || command === 'help') {
    console.log(cliUsage);
    return command === undefined ? 2 : 0;
  }
  console.error(`tessera: unknown command "${command}"\n\n${cliUsage}`);
  return 2;
}
