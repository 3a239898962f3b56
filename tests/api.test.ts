// The public surface of every package is what its index exports: changes here are API changes.
import { describe, expect, it } from 'vitest';
import * as cli from '@qbank/cli';
import * as compiler from '@qbank/compiler';
import * as core from '@qbank/core';
import * as parser from '@qbank/parser';
import * as project from '@qbank/project';
import * as taxonomy from '@qbank/taxonomy';
import * as validate from '@qbank/validate';

describe('public API', () => {
  it.each([
    [
      '@qbank/core',
      core,
      [
        'canonicalJson',
        'countBySeverity',
        'diagnosticFromMessage',
        'didYouMean',
        'itemStatuses',
        'parseYaml',
        'reportDiagnostic',
        'ruleDocsUrl',
        'rules',
        'schemaDiagnostics',
        'schemaValidator',
        'sha256',
        'sortDiagnostics',
        'yamlPlace',
        'yamlRangeToPlace',
      ],
    ],
    [
      '@qbank/taxonomy',
      taxonomy,
      [
        'builtinTaxonomy',
        'builtinTaxonomyPath',
        'createTaxonomy',
        'loadTaxonomyFile',
        'normalizeTaxonomyKey',
        'parseTaxonomyText',
        'taxonomyAxes',
      ],
    ],
    [
      '@qbank/parser',
      parser,
      [
        'maxSourceBytes',
        'parseItem',
        'parseNote',
        'parseQuestion',
        'placeOf',
        'readSourceFile',
        'sectionKeys',
        'sourceFileFromText',
      ],
    ],
    ['@qbank/validate', validate, ['allowedComponents', 'validateBank']],
    [
      '@qbank/project',
      project,
      ['configFileNames', 'defaultConfig', 'discoverSources', 'findConfigFile', 'loadConfig', 'loadProjectTaxonomy'],
    ],
    [
      '@qbank/compiler',
      compiler,
      ['bundleFormatVersion', 'compileBundle', 'renderBlocks', 'renderInline', 'writeBundle'],
    ],
    [
      '@qbank/cli',
      cli,
      [
        'UsageError',
        'cliVersion',
        'createItemFile',
        'exitCodes',
        'formatJson',
        'formatPretty',
        'formatSummary',
        'loadBank',
        'reportFormats',
        'runCli',
      ],
    ],
  ])('%s', (_name, module, expected) => {
    expect(Object.keys(module).sort()).toEqual(expected);
  });
});
