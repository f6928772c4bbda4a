import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible server for tests (127.0.0.1, ephemeral port): POST /v1/chat/completions
 * and POST /v1/embeddings, answered by the test's own functions. The real ChatOpenAI and
 * OpenAIEmbeddings clients talk to it over HTTP.
 */
export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  tools?: Array<{ function: { name: string } }>;
  response_format?: { type: string; json_schema?: { name: string } };
}

export type ChatReply = { structured: unknown } | { status: number };

export interface FakeOpenAi {
  baseURL: string;
  chatRequests: ChatRequest[];
  embeddingInputs: string[][];
  close(): Promise<void>;
}

export async function startFakeOpenAi(handlers: {
  chat?: (request: ChatRequest) => ChatReply;
  embed?: (text: string) => number[];
}): Promise<FakeOpenAi> {
  const chatRequests: ChatRequest[] = [];
  const embeddingInputs: string[][] = [];
  const server: Server = createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)) || '{}');
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (req.method === 'POST' && req.url === '/v1/chat/completions') {
      chatRequests.push(body as ChatRequest);
      const reply = handlers.chat?.(body as ChatRequest) ?? { status: 500 };
      if ('status' in reply) return send(reply.status, { error: { message: 'fake failure', type: 'server_error' } });
      const content = JSON.stringify(reply.structured);
      const tool = (body as ChatRequest).tools?.[0]?.function.name;
      const message = tool
        ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: tool, arguments: content } }] }
        : { role: 'assistant', content };
      return send(200, {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message, finish_reason: tool ? 'tool_calls' : 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      });
    }
    if (req.method === 'POST' && req.url === '/v1/embeddings') {
      const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
      embeddingInputs.push(inputs);
      if (!handlers.embed) return send(500, { error: { message: 'no embeddings here' } });
      return send(200, {
        object: 'list',
        data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: handlers.embed!(text) })),
        model: body.model,
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
    }
    send(404, { error: { message: `no route ${req.method} ${req.url}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    chatRequests,
    embeddingInputs,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

/** The numbered passages the chain put into the system message ("[P1] title — url"). */
export function passageLabels(request: ChatRequest): string[] {
  const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
  return [...system.matchAll(/\[(P\d+)\]/g)].map((m) => m[1]);
}
