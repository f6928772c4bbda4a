/**
 * The `khidmat` command (DESIGN 4.1). Each subcommand lives with the room it belongs to and is
 * loaded only when asked for, so `khidmat classify` does not start a server. (require, not import():
 * tsx runs this file as CommonJS, where a dynamic import() would need file extensions.)
 */
type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<void> }> };

const commands: Record<string, Command> = {
  chat: { summary: 'talk to the bot in the terminal (same bot, in-process)', load: () => Promise.resolve(require('./cli/chatCommand')) },
  report: { summary: 'the E2E funnel per service from a running instance (--url, --json; needs ADMIN_TOKEN)', load: () => Promise.resolve(require('./cli/reportCommand')) },
  telegram: { summary: 'set-webhook — register PUBLIC_URL/api/telegram with Telegram, with its secret', load: () => Promise.resolve(require('./channels/telegram/setWebhookCommand')) },
  sandbox: { summary: 'run the agency sandbox alone (--port N)', load: () => Promise.resolve(require('./sandbox/command')) },
  ask: { summary: 'questions on stdin → one JSON line each: answer, grounded, sources', load: () => Promise.resolve(require('./knowledge/askCommand')) },
  classify: { summary: 'utterances on stdin → one JSON line each: lang, intent, confidence, entities', load: () => Promise.resolve(require('./nlu/classifyCommand')) },
};

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    const lines = Object.entries(commands).map(([key, { summary }]) => `  ${key.padEnd(10)} ${summary}`);
    process.stderr.write(`Usage: khidmat <command>\n\nCommands:\n${lines.join('\n')}\n`);
    process.exitCode = name && name !== 'help' && name !== '--help' ? 2 : 0;
    return;
  }
  await (await command.load()).run(rest);
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`khidmat: ${err.message}\n`);
  process.exitCode = 1;
});
