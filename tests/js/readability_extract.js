/* SPDX-License-Identifier: Apache-2.0 */
// readability_extract.js - the peer for bench/extract.sh: Mozilla Readability
// (under jsdom, as the Zyte benchmark runs it) over HTML files (.html or
// .html.gz), one JSON line {source, text} per file, text = textContent.
'use strict';
const fs = require('fs');
const zlib = require('zlib');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const vc = new VirtualConsole();   // swallow page CSS/JS errors
for (const file of process.argv.slice(2)) {
  let raw = fs.readFileSync(file);
  if (file.endsWith('.gz')) raw = zlib.gunzipSync(raw);
  let text = '';
  try {
    const dom = new JSDOM(raw.toString('utf8'), { virtualConsole: vc });
    const art = new Readability(dom.window.document).parse();
    text = art && art.textContent ? art.textContent : '';
    dom.window.close();
  } catch (e) {
    text = '';
  }
  process.stdout.write(JSON.stringify({ source: file, text }) + '\n');
}
