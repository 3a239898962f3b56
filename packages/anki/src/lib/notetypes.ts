/**
 * The two note types of a qbank deck, as Anki's legacy (schema 11) model JSON.
 *
 * Their ids are constants: Anki recognises a note type it imported before by
 * its id, so every export of every bank shares "qbank Basic" and "qbank Cloze"
 * instead of creating "qbank Basic-1a2b3" copies. Changing the fields or
 * templates of a note type needs a new id.
 */

/** Id of "qbank Basic" (a creation time: 2025-01-01T00:00:00.001Z). */
export const basicModelId = 1_735_689_600_001;
/** Id of "qbank Cloze". */
export const clozeModelId = 1_735_689_600_002;

/** Fields of "qbank Basic", in order. */
export const basicFields = ['Front', 'Back', 'Mnemonic', 'Video', 'Source note'] as const;
/** Fields of "qbank Cloze", in order. */
export const clozeFields = ['Text', 'Extra', 'Mnemonic', 'Video', 'Source note'] as const;

const css = `.card {
  font-family: arial;
  font-size: 20px;
  text-align: center;
  color: black;
  background-color: white;
}
.cloze {
  font-weight: bold;
  color: blue;
}
.nightMode .cloze {
  color: lightblue;
}
.card img {
  max-width: 100%;
}
.qbank-extra, .qbank-mnemonic, .qbank-video {
  margin-top: 1em;
  font-size: 16px;
}
.qbank-source {
  margin-top: 1em;
  font-size: 12px;
  opacity: 0.7;
}
`;

// Shown under the answer of both note types, each line only when its field is filled.
const details = `{{#Mnemonic}}<div class="qbank-mnemonic">{{Mnemonic}}</div>{{/Mnemonic}}
{{#Video}}<div class="qbank-video">Video: {{Video}}</div>{{/Video}}
<div class="qbank-source">{{Source note}}</div>`;

function fieldsJson(names: readonly string[]) {
  return names.map((name, ord) => ({ name, ord, sticky: false, rtl: false, font: 'Arial', size: 20, media: [] }));
}

function template(name: string, qfmt: string, afmt: string) {
  return { name, ord: 0, qfmt, afmt, bqfmt: '', bafmt: '', did: null };
}

const latexPre =
  '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage{amssymb,amsmath}\n' +
  '\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n';

/**
 * The `col.models` JSON: both note types.
 *
 * @param modified Modification time in seconds.
 * @param deckId The deck new notes of these types default to.
 * @returns Model id to model.
 */
export function modelsJson(modified: number, deckId: number): Record<string, unknown> {
  const common = {
    css,
    did: deckId,
    latexPre,
    latexPost: '\\end{document}',
    mod: modified,
    sortf: 0,
    tags: [],
    usn: -1,
    vers: [],
  };
  return {
    [basicModelId]: {
      ...common,
      id: basicModelId,
      name: 'qbank Basic',
      type: 0,
      flds: fieldsJson(basicFields),
      tmpls: [template('Card 1', '{{Front}}', `{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}\n${details}`)],
      req: [[0, 'all', [0]]],
    },
    [clozeModelId]: {
      ...common,
      id: clozeModelId,
      name: 'qbank Cloze',
      type: 1,
      flds: fieldsJson(clozeFields),
      tmpls: [
        template(
          'Cloze',
          '{{cloze:Text}}',
          `{{cloze:Text}}\n{{#Extra}}<div class="qbank-extra">{{Extra}}</div>{{/Extra}}\n${details}`,
        ),
      ],
      req: [[0, 'all', [0]]],
    },
  };
}
