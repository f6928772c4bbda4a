export { createKnowledge, knowledgeOptionsFromEnv, DEFAULT_KNOWLEDGE_DIR } from './knowledge';
export type { Knowledge, KnowledgeAnswer, KnowledgeOptions, KnowledgeSource } from './knowledge';
export { KnowledgeRetriever, reciprocalRankFusion, type PassageMetadata } from './retrieval/knowledgeRetriever';
export { KnowledgeBase } from './knowledgeBase';
export { loadKnowledgeDocuments, parseDocument, checkPairs } from './loadDocuments';
export { KnowledgeError, KnowledgeDocumentError, KnowledgeBaseError } from './errors';
export { SERVICE_OFFERS, KNOWLEDGE_TEXTS } from './answer/texts';
export { UngroundedModelAnswerError, validateModelAnswer } from './answer/llmAnswer';
