/**
 * Start-up errors of the knowledge base. A broken document must stop the bot with a message that
 * names the file and what is wrong, never half-load and answer from what happened to parse.
 */
export class KnowledgeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** One document is malformed (front matter, headings). */
export class KnowledgeDocumentError extends KnowledgeError {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid knowledge document ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The documents are fine one by one, but do not fit together (a topic missing a language, ...). */
export class KnowledgeBaseError extends KnowledgeError {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid knowledge base:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
