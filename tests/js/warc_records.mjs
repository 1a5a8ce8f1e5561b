/* SPDX-License-Identifier: Apache-2.0 */
// warc_records.mjs FILE - one JSON line per record as warcio.js parses it:
// {"offset", "type", "headers": {WARC header: value}, "protocols", "http_status", "body_sha256"}
// where protocols lists every WARC-Protocol field in order (headers keeps the last of
// a repeated field),
// and body_sha256 is over what warcio.js returns as the record's raw body:
// for HTTP records the bytes after the HTTP head exactly as stored (chunk
// framing and content coding kept), for other records the block.
// Used by wark's integration tests as an independent reader of what wark writes.
import { WARCParser } from "warcio";
import { createHash } from "node:crypto";
import fs from "node:fs";

const parser = new WARCParser(fs.createReadStream(process.argv[2]), { keepHeadersCase: true });
for await (const record of parser) {
  const body = await record.readFully(false);
  const headers = {};
  for (const [k, v] of record.warcHeaders.headers) headers[k] = v;
  console.log(JSON.stringify({
    offset: parser.offset,
    type: record.warcType,
    headers,
    protocols: record.warcHeaders.headers.getMultiple("WARC-Protocol") ?? [],
    http_status: record.httpHeaders ? record.httpHeaders.statusCode ?? null : null,
    body_sha256: createHash("sha256").update(body).digest("hex"),
  }));
}
