import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Language } from '../src/modules/councils/schemas.js';
import { DEJAVU_FONTS, makeReceipt } from '../src/modules/receipt/pdf.js';
import { ATTACHMENTS, CODE, receiptContent as content } from './receipt-fixtures.js';

const run = promisify(execFile);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'finestreta-receipt-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** Writes the PDF where poppler's tools can read it. */
async function saved(pdf: Buffer, name: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, pdf);
  return file;
}

/** The pages' text on one line, as a reader hears it. */
const flat = (pages: string[]) => pages.join(' ').replace(/\s+/g, ' ');

/** What a reader copies out of each page, in content order. */
async function pages(file: string): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']);
  return stdout.split('\f').slice(0, -1);
}

describe('the receipt', () => {
  let file: string;
  let text: string[];
  before(async () => {
    file = await saved(await makeReceipt(content()), 'ca.pdf');
    text = await pages(file);
  });

  it('names the registry entry, the council, the procedure and the applicant', () => {
    const all = text.join('\n');
    for (const expected of [
      'Ajuntament de Rubí',
      "Justificant de registre d’entrada",
      'E/2026/000123',
      'Codi DIR3 L01081840',
      'Instància genèrica',
      'Núria Puig i Ferrer',
      '12345678Z',
    ]) {
      assert.ok(all.includes(expected), `the receipt does not show ${expected}`);
    }
  });

  it("gives the registration's date and time in the council's time zone", () => {
    // 09:15:30 UTC is 10:15:30 in Madrid in December.
    assert.ok(flat(text).includes('Data i hora de registre 7 de desembre del 2026, a les 10:15:30 (Europe/Madrid)'));
  });

  it('prints the application as agreed: each field, the declarations, each attachment with its SHA-256', () => {
    const all = flat(text);
    for (const expected of ['Exposo', 'Que visc al carrer Major', 'Sol·licito', 'Un certificat de convivència.', 'Declaro que les dades són certes.', ...ATTACHMENTS.flatMap((a) => [a.name, a.sha256])]) {
      assert.ok(all.includes(expected), `the receipt does not show ${expected}`);
    }
  });

  it("shows the agreement's time, fingerprint and place in the recording, and the habilitated employee", () => {
    const all = flat(text);
    for (const expected of [
      'Data i hora de la conformitat 7 de desembre del 2026, a les 10:14:02 (Europe/Madrid)',
      `Empremta del document acceptat (SHA-256) ${content().agreement.sha256}`,
      'Enregistrament de la videotrucada part rec-4f2a, minut 00:14:02 (la part va començar el 7 de desembre del 2026, a les 10:00:00 (Europe/Madrid))',
      'Signat en nom de la persona sol·licitant per Marta Soler Vidal',
      'Habilitació (art. 12 de la Llei 39/2015) HAB-RUBI-2026-07',
    ]) {
      assert.ok(all.includes(expected), `the receipt does not show ${expected}`);
    }
  });

  it('prints the verification code in groups, its URL and "page / pages" on every page', () => {
    assert.ok(text.length >= 2, `a long application takes more than one page, not ${text.length}`);
    text.forEach((page, index) => {
      assert.ok(page.includes('K7QX M2PA 9TRD 4WFZ C8HN 3YBE'), `page ${index + 1} lacks the code`);
      assert.ok(page.includes(`https://seu.rubi.example/verify?code=${CODE}`), `page ${index + 1} lacks the URL`);
      assert.ok(page.includes(`${index + 1} / ${text.length}`), `page ${index + 1} lacks its number`);
      assert.ok(page.includes('Document segellat electrònicament (Ajuntament de Rubí).'));
    });
  });

  it('has a QR code on every page that a phone reads as the verification URL', async () => {
    // Only the bottom of each A4 page (1754 pixels high at 150 dpi), where the footer is: rendering whole pages takes seconds.
    await run('pdftoppm', ['-r', '150', '-y', '1450', '-H', '304', '-png', file, path.join(dir, 'footer')]);
    // pdftoppm pads the page number to the width of the last one.
    const images = text.map((_, index) => path.join(dir, `footer-${String(index + 1).padStart(String(text.length).length, '0')}.png`));
    const { stdout } = await run('zbarimg', ['--raw', '--quiet', '--nodbus', ...images]);
    assert.deepEqual(stdout.trim().split('\n'), images.map(() => `https://seu.rubi.example/verify?code=${CODE}`));
  });

  it('is tagged for screen readers: headings, paragraphs, the QR code described, the footer read once', async () => {
    const { stdout: info } = await run('pdfinfo', [file]);
    assert.match(info, /Tagged:\s+yes/);
    const { stdout: tree } = await run('pdfinfo', ['-struct-text', file]);
    const opening = ['Document', '  P (block)', '    "Ajuntament de Rubí"', '  H1 (block)', `    "Justificant de registre d’entrada"`, '  P (block)', '    "Número de registre"', '  P (block)', '    "E/2026/000123"'];
    assert.ok(tree.startsWith(opening.join('\n')), tree.slice(0, 400));
    for (const heading of ["Sol·licitud tal com s’ha acceptat: Instància genèrica", 'Declaracions', 'Documents adjunts i les seves empremtes SHA-256', 'Conformitat de la persona sol·licitant']) {
      assert.ok(tree.includes(`  H2 (block)\n    "${heading}"`), `no heading ${heading}`);
    }
    assert.ok(tree.includes('  L (block)\n    LI (block)'), 'the declarations are no list');
    // The other pages' footers are pagination artifacts, which a screen reader skips.
    assert.equal(tree.split('"K7QX M2PA 9TRD 4WFZ C8HN 3YBE"').length - 1, 1);
    // pdfkit writes a text with accents as UTF-16BE after a byte order mark.
    const alt = Buffer.from(`\ufeffCodi QR de la pàgina de verificació: https://seu.rubi.example/verify?code=${CODE}`, 'utf16le').swap16();
    assert.ok((await readFile(file)).includes(Buffer.concat([Buffer.from('/Alt ('), alt, Buffer.from(')')])), 'the QR code has no description');
  });

  it('embeds every font it uses', async () => {
    const { stdout } = await run('pdffonts', [file]);
    const fonts = stdout.split('\n').slice(2).filter(Boolean);
    assert.ok(fonts.length > 0);
    for (const font of fonts) assert.match(font, /\s+yes\s+yes\s+yes\s+\d+\s+\d+$/, `not embedded (emb sub uni): ${font}`);
  });

  it('says in its XMP metadata that it is PDF/A-3b, in Catalan, and what it is', async () => {
    const { stdout } = await run('pdfinfo', ['-meta', file]);
    assert.match(stdout, /<pdfaid:part>3<\/pdfaid:part>/);
    assert.match(stdout, /<pdfaid:conformance>B<\/pdfaid:conformance>/);
    assert.match(stdout, /<dc:language><rdf:Bag><rdf:li>ca<\/rdf:li><\/rdf:Bag><\/dc:language>/);
    assert.match(stdout, /<rdf:li xml:lang="x-default">Justificant de registre d’entrada E\/2026\/000123<\/rdf:li>/);
    assert.match((await readFile(file)).toString('latin1'), /\/Lang \(ca\)/);
  });

  it('carries the application agreed to as an attached JSON file whose SHA-256 is the fingerprint printed', async () => {
    const { stdout } = await run('pdfdetach', ['-list', file]);
    assert.match(stdout, /1 embedded files\n1: application\.json/);
    const out = path.join(dir, 'application.json');
    await run('pdfdetach', ['-save', '1', '-o', out, file]);
    const attached = await readFile(out, 'utf8');
    assert.deepEqual(JSON.parse(attached), content().application);
    assert.equal(sha256(attached), content().agreement.sha256);
    // PDF/A-3 asks each attached file to say what it is to the document.
    assert.match((await readFile(file)).toString('latin1'), /\/AFRelationship \/Source/);
  });

  it('is the same file, byte for byte, when made again from the same content', async () => {
    assert.ok((await makeReceipt(content())).equals(await readFile(file)));
  });
});

describe('the receipt in each language', () => {
  const expected: Record<Language, string[]> = {
    ca: ["Justificant de registre d’entrada", 'Número de registre', 'Documents adjunts i les seves empremtes SHA-256', 'Codi segur de verificació (CSV)', 'Comproveu aquest document a'],
    es: ['Justificante de registro de entrada', 'Número de registro', '7 de diciembre de 2026 a las 10:15:30 (Europe/Madrid)', 'Documentos adjuntos y sus huellas SHA-256', 'Huella del documento aceptado (SHA-256)', 'Código seguro de verificación (CSV)', 'parte rec-4f2a, minuto 00:14:02'],
    en: ['Registry entry receipt', 'Entry number', 'December 7, 2026 at 10:15:30 (Europe/Madrid)', 'Attachments and their SHA-256 fingerprints', 'Fingerprint of the document agreed to (SHA-256)', 'Secure verification code (CSV)', 'Sealed electronically by Ajuntament de Rubí.', 'part rec-4f2a, at 00:14:02'],
  };
  for (const language of ['ca', 'es', 'en'] as const) {
    it(`labels everything in ${language}`, async () => {
      const file = await saved(await makeReceipt(content(language)), `${language}.pdf`);
      const all = flat(await pages(file));
      for (const label of expected[language]) assert.ok(all.includes(label), `${language}: no ${label}`);
      const { stdout } = await run('pdfinfo', ['-meta', file]);
      assert.match(stdout, new RegExp(`<dc:language><rdf:Bag><rdf:li>${language}</rdf:li>`));
    });
  }
});

describe('a receipt with less to show', () => {
  it('says when there were no attachments, no recording and no DIR3 code', async () => {
    const bare = content('en', (draft) => {
      draft.application = { ...draft.application, attachments: [] };
      draft.agreement.recording = null;
      draft.council.dir3Code = null;
    });
    const all = flat(await pages(await saved(await makeReceipt(bare), 'bare.pdf')));
    assert.ok(all.includes('Attachments and their SHA-256 fingerprints None'));
    assert.ok(all.includes('Recording of the video call The video call was not being recorded'));
    assert.ok(all.includes('Addressed to Ajuntament de Rubí Procedure'));
  });

  it('keeps its XMP well formed whatever the entry number holds', async () => {
    const odd = content('en', (draft) => {
      draft.registry.entryNumber = 'E<1>&"2"';
    });
    const { stdout } = await run('pdfinfo', ['-meta', await saved(await makeReceipt(odd), 'odd.pdf')]);
    assert.match(stdout, /Registry entry receipt E&#60;1&#62;&#38;&#34;2&#34;</);
  });
});

describe('a receipt with a very long word', () => {
  it('is made in moments, and keeps every character', async () => {
    const withFacts = (facts: string) =>
      content('en', (draft) => {
        draft.application.sections[1]!.items[0]!.value = facts;
      });
    const started = performance.now();
    const pdf = await makeReceipt(withFacts('q'.repeat(20_000)));
    // Laid out as one word, it took 16 s of a blocked event loop.
    assert.ok(performance.now() - started < 5000, `${performance.now() - started} ms`);
    // Counted against the same receipt without them: the footers, which the long one has more of, have no q.
    const qs = async (file: string) => (await pages(file)).join('').split('q').length - 1;
    const without = await qs(await saved(await makeReceipt(withFacts('')), 'short.pdf'));
    assert.equal((await qs(await saved(pdf, 'long.pdf'))) - without, 20_000);
  });
});

describe('a receipt whose font is missing', () => {
  it('fails, and is made once the font is there', async () => {
    const fonts = { ...DEJAVU_FONTS, bold: path.join(dir, 'Bold.ttf') };
    await assert.rejects(makeReceipt(content(), fonts), { code: 'ENOENT' });
    await copyFile(DEJAVU_FONTS.bold, fonts.bold);
    assert.ok((await makeReceipt(content(), fonts)).equals(await makeReceipt(content())));
  });
});

describe('a receipt that would contradict itself', () => {
  it('is refused when the fingerprint is not the application agreed to', async () => {
    const wrong = content();
    wrong.agreement.sha256 = sha256('another document');
    await assert.rejects(makeReceipt(wrong), /is not the application's/);
  });

  it('is refused when a time is not a date and time', async () => {
    const wrong = content();
    wrong.registry.registeredAt = 'yesterday';
    await assert.rejects(makeReceipt(wrong), /yesterday is not a date and time/);
  });
});
