/**
 * A state document's JSON (its content without the eTag), kept beside the object so it is not
 * computed twice. A storage that has just read a document knows its JSON, and SafeBotState needs
 * exactly that to tell later whether the turn changed it; SafeBotState computes the JSON of what it
 * saves, which is exactly what the storage stores. Kept in WeakMaps: gone with the object.
 */
const asRead = new WeakMap<object, string>();
const toWrite = new WeakMap<object, string>();

/** A storage read `document` from `json` (JSON.stringify output, so parsing and stringifying again gives it back). */
export function noteReadJson(document: object, json: string): void {
  asRead.set(document, json);
}

/** The JSON `document` was read from, if a storage said so and nobody asked since. */
export function readJsonOf(document: object): string | undefined {
  const json = asRead.get(document);
  asRead.delete(document);
  return json;
}

/** A writer computed `json` as the content of `document` (eTag left out) just before writing it. */
export function noteWriteJson(document: object, json: string): void {
  toWrite.set(document, json);
}

/** The content of `document` to store: the writer's JSON when it gave one, else computed here. */
export function jsonToWrite(document: Record<string, unknown>): string {
  const json = toWrite.get(document);
  toWrite.delete(document);
  if (json !== undefined) return json;
  const { eTag: _eTag, ...content } = document;
  return JSON.stringify(content);
}
