/**
 * The baseline for `npm run bench`: a bare botbuilder echo bot on restify with the same adapter
 * setup (anonymous CloudAdapter) as Indsatsguiden, replying to every message with its text.
 */
import restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

const port = Number(process.env.PORT ?? 3979);
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
  await adapter.process(req, res, async (context) => {
    if (context.activity.type === 'message') await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
  });
});
server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
  res.send(200, { status: 'ok' });
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`echo bot listening on ${port}\n`));
