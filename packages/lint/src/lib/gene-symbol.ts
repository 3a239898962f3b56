import { geneAliases, geneSymbols } from './data/gene-symbols.js';

/** The listed symbols and aliases, in capitals as HGNC writes them. */
const listed = new Set([...geneSymbols, ...geneAliases]);

/**
 * A symbol shaped like a gene's: letters, digits, then a letter and maybe digits (`COL1A2`,
 * `SLC12A3`, `ATP7B`); not a syndrome (`MEN2A`) or a serotonin receptor (`5-HT1A`).
 */
const geneShape = /^(?!MEN\d|HT\d)\p{Lu}{2,}\d+\p{Lu}\d*$/u;

/** Capitals and digits, as gene symbols are written (`KRAS`, `TP53`, `NLRP3`). */
const symbolLike = /^\p{Lu}[\p{Lu}\d]{1,9}$/u;

/** Words after a symbol that make it a gene: `KRAS gene`, `BRAF mutation`, `BCR-ABL rearrangement`. */
const geneAfter =
  /^(?:-\d+)?[\s-](?:genes?|mutations?|mutated|mutant|deletions?|alleles?|variants?|oncogenes?|proto-oncogenes?|rearrangements?|translocations?|fusion|amplification)\b/;

/** Words before a symbol that make it a gene: `a mutation in APC`, `the gene for HEXA`. */
const geneBefore =
  /\b(?:mutations?|deletions?|variants?|alleles?|amplification|genes?(?: for| encoding)?) (?:in|of)? ?(?:the )?$/;

/**
 * Whether a word is a gene's symbol rather than an abbreviation: listed (HGNC
 * symbols items use, with a member's number written apart, as in `BRCA-2`,
 * `JAK 2`, `HER-2/neu`), shaped like one (`COL5A1`), a proto-oncogene
 * (`c-KIT`), an HLA allele (`HLA-DR4`), or written as a gene (`APC gene`,
 * `mutation in APC`).
 *
 * @param word The word (capitals and digits).
 * @param before Up to 40 characters before it.
 * @param after Up to 40 characters after it.
 * @returns Whether it names a gene.
 */
export function isGeneSymbol(word: string, before: string, after: string): boolean {
  // A protein's prefix in small letters is not part of the symbol (`mTOR` is `MTOR`); other case differs.
  const upper = /^\p{Ll}\p{Lu}/u.test(word) ? word.toUpperCase() : word;
  const number = /^[- ](\d{1,2})(?!\d)/.exec(after)?.[1];
  if (listed.has(upper) || (number !== undefined && listed.has(`${upper}${number}`))) return true;
  if (geneShape.test(word)) return true;
  if (/(?:^|[^\p{L}\p{N}])(?:c-|HLA-)$/u.test(before)) return true;
  return symbolLike.test(word) && (geneAfter.test(after) || geneBefore.test(before.toLowerCase()));
}
