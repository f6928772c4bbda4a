import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import restify from 'restify';

/**
 * The baseline: the smallest useful botbuilder bot on exactly Khidmat's server stack (restify 11,
 * the same body parser settings, CloudAdapter, expectReplies). It echoes the text back — no state,
 * no understanding, no agencies — so the ratio to it says what Khidmat's own work costs per turn.
 * Run as its own process by scripts/bench.ts: PORT=… node -r tsx/cjs scripts/bench/echoBot.ts
 */
async function main(): Promise<void> {
  const server = restify.createServer({ name: 'echo-baseline', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 256 * 1024 }));
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }));
  const echo = async (context: TurnContext) => {
    if (context.activity.type === 'message') await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
  };
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, echo);
  });
  server.get('/readyz', async (_req, res) => {
    res.send({ status: 'ready' });
  });
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

void main();
