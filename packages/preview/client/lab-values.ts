// Normal reference ranges for the lab-values panel: the project's own table, as data.
//
// Source of the conventional ranges: the USMLE "Laboratory Values" table (NBME / USMLE,
// https://www.usmle.org/exam-resources, the table the Step 1 exam shows; adult values). SI ranges
// are the conventional ones multiplied by the conversion factor in `factor` (AMA Manual of Style SI
// conversion factors), rounded as laboratories report them; tests/preview-labs.test.ts checks each
// one against its factor. Where the USMLE table's SI column does not follow from its own
// conventional range (serum urea nitrogen lists 1.2-3.0 mmol/L for 7-18 mg/dL), the computed value
// is given (2.5-6.4 mmol/L urea). Ranges differ between laboratories: a question that depends on
// a value should state the range in its stem.

/** One end of a range: `null` when the range is open on that side (`< 200`). */
export type Bound = number | null;

/** One test's normal range in one unit system. */
export interface LabRange {
  /** Lower limit, or `null` for "below `high`". */
  low: Bound;
  /** Upper limit, or `null` for "at least `low`". */
  high: Bound;
  /** Unit. */
  unit: string;
}

/** One row of the table. */
export interface LabValue {
  /** Group: the panel's tables. */
  group: 'Serum' | 'Hematologic' | 'Arterial blood gas' | 'Cerebrospinal fluid' | 'Urine';
  /** Test name, with the sex or condition the range is for. */
  test: string;
  /** Conventional (US) units. */
  conventional: LabRange;
  /** SI units. */
  si: LabRange;
  /** SI value = conventional value × factor (1 where only the unit's name differs). */
  factor: number;
}

const r = (low: Bound, high: Bound, unit: string): LabRange => ({ low, high, unit });

/** The table. */
export const labValues: LabValue[] = [
  { group: 'Serum', test: 'Sodium (Na⁺)', conventional: r(136, 146, 'mEq/L'), si: r(136, 146, 'mmol/L'), factor: 1 },
  { group: 'Serum', test: 'Potassium (K⁺)', conventional: r(3.5, 5.0, 'mEq/L'), si: r(3.5, 5.0, 'mmol/L'), factor: 1 },
  { group: 'Serum', test: 'Chloride (Cl⁻)', conventional: r(95, 105, 'mEq/L'), si: r(95, 105, 'mmol/L'), factor: 1 },
  { group: 'Serum', test: 'Bicarbonate (HCO₃⁻)', conventional: r(22, 28, 'mEq/L'), si: r(22, 28, 'mmol/L'), factor: 1 },
  {
    group: 'Serum',
    test: 'Urea nitrogen (BUN)',
    conventional: r(7, 18, 'mg/dL'),
    si: r(2.5, 6.4, 'mmol/L urea'),
    factor: 0.357,
  },
  { group: 'Serum', test: 'Creatinine', conventional: r(0.6, 1.2, 'mg/dL'), si: r(53, 106, 'µmol/L'), factor: 88.4 },
  {
    group: 'Serum',
    test: 'Glucose, fasting',
    conventional: r(70, 100, 'mg/dL'),
    si: r(3.9, 5.6, 'mmol/L'),
    factor: 0.0555,
  },
  {
    group: 'Serum',
    test: 'Calcium, total',
    conventional: r(8.4, 10.2, 'mg/dL'),
    si: r(2.1, 2.6, 'mmol/L'),
    factor: 0.25,
  },
  {
    group: 'Serum',
    test: 'Magnesium (Mg²⁺)',
    conventional: r(1.5, 2.0, 'mEq/L'),
    si: r(0.75, 1.0, 'mmol/L'),
    factor: 0.5,
  },
  {
    group: 'Serum',
    test: 'Phosphorus, inorganic',
    conventional: r(3.0, 4.5, 'mg/dL'),
    si: r(1.0, 1.5, 'mmol/L'),
    factor: 0.323,
  },
  {
    group: 'Serum',
    test: 'Osmolality',
    conventional: r(275, 295, 'mOsm/kg H₂O'),
    si: r(275, 295, 'mmol/kg H₂O'),
    factor: 1,
  },
  {
    group: 'Serum',
    test: 'Uric acid',
    conventional: r(3.0, 8.2, 'mg/dL'),
    si: r(0.18, 0.49, 'mmol/L'),
    factor: 0.0595,
  },
  { group: 'Serum', test: 'Protein, total', conventional: r(6.0, 7.8, 'g/dL'), si: r(60, 78, 'g/L'), factor: 10 },
  { group: 'Serum', test: 'Albumin', conventional: r(3.5, 5.5, 'g/dL'), si: r(35, 55, 'g/L'), factor: 10 },
  {
    group: 'Serum',
    test: 'Bilirubin, total',
    conventional: r(0.1, 1.0, 'mg/dL'),
    si: r(2, 17, 'µmol/L'),
    factor: 17.1,
  },
  {
    group: 'Serum',
    test: 'Bilirubin, direct',
    conventional: r(0.0, 0.3, 'mg/dL'),
    si: r(0, 5, 'µmol/L'),
    factor: 17.1,
  },
  {
    group: 'Serum',
    test: 'Alanine aminotransferase (ALT)',
    conventional: r(10, 40, 'U/L'),
    si: r(10, 40, 'U/L'),
    factor: 1,
  },
  {
    group: 'Serum',
    test: 'Aspartate aminotransferase (AST)',
    conventional: r(12, 38, 'U/L'),
    si: r(12, 38, 'U/L'),
    factor: 1,
  },
  { group: 'Serum', test: 'Alkaline phosphatase', conventional: r(25, 100, 'U/L'), si: r(25, 100, 'U/L'), factor: 1 },
  { group: 'Serum', test: 'Amylase', conventional: r(25, 125, 'U/L'), si: r(25, 125, 'U/L'), factor: 1 },
  {
    group: 'Serum',
    test: 'Cholesterol, total (desirable)',
    conventional: r(null, 200, 'mg/dL'),
    si: r(null, 5.2, 'mmol/L'),
    factor: 0.0259,
  },
  {
    group: 'Serum',
    test: 'Triglycerides (normal)',
    conventional: r(null, 150, 'mg/dL'),
    si: r(null, 1.7, 'mmol/L'),
    factor: 0.0113,
  },
  { group: 'Serum', test: 'Iron', conventional: r(50, 170, 'µg/dL'), si: r(9, 30, 'µmol/L'), factor: 0.179 },
  {
    group: 'Serum',
    test: 'Total iron-binding capacity',
    conventional: r(250, 400, 'µg/dL'),
    si: r(45, 72, 'µmol/L'),
    factor: 0.179,
  },
  { group: 'Serum', test: 'Ferritin, male', conventional: r(20, 250, 'ng/mL'), si: r(20, 250, 'µg/L'), factor: 1 },
  { group: 'Serum', test: 'Ferritin, female', conventional: r(10, 120, 'ng/mL'), si: r(10, 120, 'µg/L'), factor: 1 },
  {
    group: 'Serum',
    test: 'Thyroid-stimulating hormone (TSH)',
    conventional: r(0.4, 4.0, 'µU/mL'),
    si: r(0.4, 4.0, 'mU/L'),
    factor: 1,
  },
  {
    group: 'Serum',
    test: 'Thyroxine (T₄), free',
    conventional: r(0.9, 1.7, 'ng/dL'),
    si: r(12, 22, 'pmol/L'),
    factor: 12.87,
  },
  { group: 'Serum', test: 'Cortisol, 8 AM', conventional: r(5, 23, 'µg/dL'), si: r(138, 635, 'nmol/L'), factor: 27.59 },
  {
    group: 'Hematologic',
    test: 'Hemoglobin, male',
    conventional: r(13.5, 17.5, 'g/dL'),
    si: r(135, 175, 'g/L'),
    factor: 10,
  },
  {
    group: 'Hematologic',
    test: 'Hemoglobin, female',
    conventional: r(12.0, 16.0, 'g/dL'),
    si: r(120, 160, 'g/L'),
    factor: 10,
  },
  {
    group: 'Hematologic',
    test: 'Hematocrit, male',
    conventional: r(41, 53, '%'),
    si: r(0.41, 0.53, 'L/L'),
    factor: 0.01,
  },
  {
    group: 'Hematologic',
    test: 'Hematocrit, female',
    conventional: r(36, 46, '%'),
    si: r(0.36, 0.46, 'L/L'),
    factor: 0.01,
  },
  {
    group: 'Hematologic',
    test: 'Mean corpuscular volume (MCV)',
    conventional: r(80, 100, 'µm³'),
    si: r(80, 100, 'fL'),
    factor: 1,
  },
  {
    group: 'Hematologic',
    test: 'Leukocyte count',
    conventional: r(4500, 11000, '/mm³'),
    si: r(4.5, 11.0, '× 10⁹/L'),
    factor: 0.001,
  },
  {
    group: 'Hematologic',
    test: 'Platelet count',
    conventional: r(150000, 400000, '/mm³'),
    si: r(150, 400, '× 10⁹/L'),
    factor: 0.001,
  },
  {
    group: 'Hematologic',
    test: 'Reticulocyte count',
    conventional: r(0.5, 1.5, '% of red cells'),
    si: r(0.005, 0.015, 'fraction of red cells'),
    factor: 0.01,
  },
  { group: 'Hematologic', test: 'Prothrombin time (PT)', conventional: r(11, 15, 's'), si: r(11, 15, 's'), factor: 1 },
  {
    group: 'Hematologic',
    test: 'Partial thromboplastin time (aPTT)',
    conventional: r(25, 40, 's'),
    si: r(25, 40, 's'),
    factor: 1,
  },
  { group: 'Arterial blood gas', test: 'pH', conventional: r(7.35, 7.45, ''), si: r(7.35, 7.45, ''), factor: 1 },
  {
    group: 'Arterial blood gas',
    test: 'PaCO₂',
    conventional: r(33, 45, 'mm Hg'),
    si: r(4.4, 6.0, 'kPa'),
    factor: 0.1333,
  },
  {
    group: 'Arterial blood gas',
    test: 'PaO₂ (room air)',
    conventional: r(75, 105, 'mm Hg'),
    si: r(10.0, 14.0, 'kPa'),
    factor: 0.1333,
  },
  {
    group: 'Cerebrospinal fluid',
    test: 'Glucose',
    conventional: r(40, 70, 'mg/dL'),
    si: r(2.2, 3.9, 'mmol/L'),
    factor: 0.0555,
  },
  {
    group: 'Cerebrospinal fluid',
    test: 'Protein',
    conventional: r(null, 40, 'mg/dL'),
    si: r(null, 0.4, 'g/L'),
    factor: 0.01,
  },
  {
    group: 'Cerebrospinal fluid',
    test: 'Cell count',
    conventional: r(0, 5, '/mm³'),
    si: r(0, 5, '× 10⁶/L'),
    factor: 1,
  },
  {
    group: 'Cerebrospinal fluid',
    test: 'Opening pressure',
    conventional: r(70, 180, 'mm H₂O'),
    si: r(0.69, 1.77, 'kPa'),
    factor: 0.00981,
  },
  {
    group: 'Urine',
    test: 'Calcium, 24-hour',
    conventional: r(100, 300, 'mg/24 h'),
    si: r(2.5, 7.5, 'mmol/24 h'),
    factor: 0.025,
  },
  {
    group: 'Urine',
    test: 'Osmolality',
    conventional: r(50, 1200, 'mOsm/kg H₂O'),
    si: r(50, 1200, 'mmol/kg H₂O'),
    factor: 1,
  },
];

/**
 * A range as text: `136–146 mEq/L`, `< 200 mg/dL`, `≥ 40 mg/dL`.
 *
 * @param range The range.
 * @returns The text.
 */
export function rangeText(range: LabRange): string {
  const unit = range.unit ? ` ${range.unit}` : '';
  // Both limits with as many decimals as the more precise one (3.5–5.0, not 3.5–5).
  const decimals = Math.max(
    ...[range.low, range.high].map((value) => (value === null ? 0 : (String(value).split('.')[1] ?? '').length)),
  );
  const n = (value: number) =>
    value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  if (range.low === null) return `< ${n(range.high!)}${unit}`;
  if (range.high === null) return `≥ ${n(range.low)}${unit}`;
  return `${n(range.low)}–${n(range.high)}${unit}`;
}
