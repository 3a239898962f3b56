// The public surface of @qbank/import is what its index exports: changes here are API changes.
import * as api from '@qbank/import';
import { expect, test } from 'vitest';

test('@qbank/import exports', () => {
  expect(Object.keys(api).sort()).toEqual([
    'assetFileName',
    'assetPlaceholder',
    'assignIds',
    'contentHash',
    'csvTemplate',
    'detectFormat',
    'escapeBlock',
    'escapeLine',
    'escapeOption',
    'importFormats',
    'importSources',
    'maxUnzippedBytes',
    'maxZipEntries',
    'optionLetters',
    'optionText',
    'plainText',
    'readAiken',
    'readCsv',
    'readDocx',
    'readGift',
    'readJsonl',
    'readMoodleXml',
    'readQti',
    'readSource',
    'readXlsx',
    'renderQuestion',
    'slugify',
    'splitLeadIn',
    'tableColumns',
    'unzipSafely',
    'verifyQuestion',
    'xlsxTemplate',
  ]);
});
