/**
 * Gene symbols that exam items name genes by, for
 * `item/unexpanded-abbreviation`: a symbol is a gene's name, not an
 * abbreviation to spell out (an item asks which of `FBN1`, `COL5A1`, `ATP7A`
 * is mutated; writing "fibrillin 1" would give the answer away or mean
 * something else).
 *
 * Source: approved symbols of the HUGO Gene Nomenclature Committee (HGNC,
 * genenames.org), chosen by the qbank authors (not copied) as the genes that
 * USMLE Step 1 content names: inherited diseases, cancer genes and
 * immunodeficiencies. A symbol shaped like `COL1A2` or `SLC12A3` (letters,
 * digits, a letter) needs no entry: the rule recognises the shape. Kept out on
 * purpose: symbols that are also common abbreviations in items (`APC`
 * antigen-presenting cell, `AR` aortic regurgitation, `ADA`, `LPL`, `MET`,
 * `VWF`, `TNF` and the interleukins, which items spell out), and symbols
 * that are also the abbreviation of their disease (`MEN1`, `NF1`, `NF2`,
 * `VHL`). The rule still takes these as genes where the text says so (`APC
 * gene`, `mutation in NF1`, an option answering "Which of the following
 * genes ...?").
 */
export const geneSymbols: readonly string[] = Object.freeze([
  // Inherited diseases
  'CFTR',
  'FBN1',
  'ELN',
  'HFE',
  'HBB',
  'HBA1',
  'HBA2',
  'DMD',
  'DMPK',
  'FMR1',
  'HTT',
  'FXN',
  'SMN1',
  'SMN2',
  'PKD1',
  'PKD2',
  'PKHD1',
  'LDLR',
  'APOB',
  'APOE',
  'PCSK9',
  'MTTP',
  'HEXA',
  'HEXB',
  'GBA1',
  'GBA',
  'GLA',
  'GAA',
  'SMPD1',
  'NPC1',
  'GALC',
  'ARSA',
  'IDUA',
  'IDS',
  'HPRT1',
  'PAH',
  'FGFR1',
  'FGFR2',
  'FGFR3',
  'NLRP3',
  'MECP2',
  'UBE3A',
  'SNRPN',
  'TBX1',
  'SRY',
  'PAX6',
  'SERPINA1',
  'ADAMTS13',
  'ABCD1',
  'SOD1',
  'PSEN1',
  'PSEN2',
  'APP',
  'SNCA',
  'LRRK2',
  'PRNP',
  'UGT1A1',
  'KCNJ1',
  'CLCNKB',
  // Cancer genes
  'TP53',
  'RB1',
  'BRCA1',
  'BRCA2',
  'PALB2',
  'CHEK2',
  'ATM',
  'PTEN',
  'STK11',
  'CDH1',
  'SMAD4',
  'DCC',
  'MLH1',
  'MSH2',
  'MSH6',
  'PMS2',
  'EPCAM',
  'WT1',
  'TSC1',
  'TSC2',
  'RET',
  'KIT',
  'PDGFRA',
  'EGFR',
  'ERBB2',
  'ALK',
  'ROS1',
  'KRAS',
  'NRAS',
  'HRAS',
  'BRAF',
  'PIK3CA',
  'MTOR',
  'HIF1A',
  'MYC',
  'MYCN',
  'MYCL',
  'BCL2',
  'BCL6',
  'BAX',
  'BAK1',
  'BCR',
  'ABL1',
  'JAK2',
  'CALR',
  'MPL',
  'FLT3',
  'NPM1',
  'IDH1',
  'IDH2',
  'CDKN2A',
  'CTNNB1',
  'CCND1',
  'CDK4',
  'MDM2',
  'GNAQ',
  'GNAS',
  // Immunity and cell death
  'BTK',
  'CD40LG',
  'IL2RG',
  'JAK3',
  'RAG1',
  'RAG2',
  'AIRE',
  'FOXP3',
  'STAT3',
  'CYBB',
  'LYST',
  'CCR5',
  'CXCR4',
  'FAS',
  'FASLG',
  'FADD',
  'TNFRSF11A',
  'TNFSF11',
]);

/**
 * Other names HGNC lists for genes above (previous and alias symbols) that
 * items use, and the family names items write without a member's number
 * (`BRCA` for BRCA1 and BRCA2, `RAS`, `JAK`).
 */
export const geneAliases: readonly string[] = Object.freeze([
  'HER2', // ERBB2
  'ABL', // ABL1
  'RANK', // TNFRSF11A
  'RANKL', // TNFSF11
  'GLUT1', // SLC2A1
  'GLUT2', // SLC2A2
  'GLUT3', // SLC2A3
  'GLUT4', // SLC2A4
  'GLUT5', // SLC2A5
  'BRCA',
  'RAS',
  'JAK',
]);
