// Package xlsx exports a report as an Excel workbook laid out like the
// official tables, and imports reports from workbooks: its own exports
// exactly, and workbooks made by hand in Excel or WPS by their labels.
//
// # Export
//
// Export and WriteFile write one workbook:
//
//   - 基本信息: unit, year, format, scope, dates, the program version, and
//     the check results (model.Report.Evaluate) with a 说明 column the clerk
//     may fill in;
//   - 表二, 表三, 表四: each table on its own sheet with the printed headings
//     and labels of the template, merged head and label cells computed from
//     the template's column and row groups, A4 page setup fitted to one
//     page, frozen header rows;
//   - 文字部分: the narrative sections, one paragraph per row;
//   - a very hidden marker sheet (see marker.go).
//
// Totals are written as their number followed by their SUM formula, so a
// program that does not recalculate (the roll-up of the office above, a
// script) still reads every total, while Excel recalculates on load
// (fullCalcOnLoad). A total stated by an imported file that disagrees with
// its parts is kept as stated, without a formula, marked and commented.
//
// Input cells are unlocked and validated (whole numbers ≥ 0; any whole
// number for 本年增/减; decimals ≥ 0 for amounts). Everything else is
// locked and the sheets are protected without a password: protection here
// only keeps a clerk from overwriting a label or a total by accident. It is
// not a security measure and is documented as removable on the cover
// (审阅 → 撤销工作表保护).
//
// Fonts are 宋体 (tables), 仿宋 (text) and 黑体 (titles), each with the
// GB2312 charset so that a machine without them substitutes another Chinese
// face. Row heights are estimated from the text (Excel does not fit rows on
// load); see measure.go.
//
// # Import
//
// Import and ImportFile find the tables by their printed labels, never by
// fixed addresses: a table may start at any cell, on one sheet or several;
// labels may be wrapped, spaced, in half- or full-width brackets, or in a
// known variant (model.Row.Matches, model.Column.Matches and the aliases in
// the templates); heads split over two cells (商业 / 企业) and heads with a
// unit note (本年收费金额（单位：元）, converted) are understood. Values are
// read raw, so number formats cannot change them; "-", "—", "/" and
// numbers with units are read by model.Kind.Parse; text that is not a
// number is kept and reported. The template is the one whose labels match
// best (ties: the marker, the cover's 报告格式, the report year).
//
// Totals the file prints are kept as stated (model.Report.SetStated), so
// the rules show where they disagree with their parts; ImportInfo.Warnings
// lists those. In our own exports (marker sheet present) a total that still
// has its formula is computed, not stated, so export → import gives back
// the identical report.
//
// What real files hold, read right or refused, never guessed:
//
//   - unit and year: a 基本信息 label, else the printed title in its real
//     forms (model.ParseTitle; split over two cells, 附件 prefixes,
//     Chinese-numeral years), else the tables' sheet, else the file name;
//     a warning says where each came from (title.go);
//   - a table found more than once (初稿 and 定稿 sheets, last year's
//     beside this year's): one copy is chosen only on evidence — the
//     report year on its sheet or heading, a draft's sheet name, equal
//     values — and the warnings name what was used and what was not;
//     otherwise the error (model.CodeAmbiguous) names every place; tables of different years
//     are never combined (choose.go);
//   - a boolean, an error value or a date in a number cell is an input
//     error naming the type, never a number (celltype.go, numfmt.go);
//   - a formula without a stored result is evaluated only when certainly
//     right (numbers, cells, ranges in SUM, + and −, on any sheet); any
//     other formula, or a circular one, leaves the cell an input error
//     asking for the file to be saved in Excel or WPS (formula.go);
//   - a large workbook is read without holding it: parts that are not
//     sheets are never unzipped, large sheets are streamed and, when the
//     tables are complete elsewhere, not read at all (said in a warning);
//     past the real limits the error is model.CodeTooLarge with advice to copy the
//     tables into a new workbook, never "damaged" (large.go).
//
// Nothing is half-imported silently: a workbook that is not an xlsx, is
// encrypted or damaged, holds no report table, or lacks a table, row or
// column of its template is an *model.Failure with a Chinese message naming the
// file (missing parts are accepted only with ImportOptions.AllowPartial,
// and then listed in ImportInfo.Missing).
//
// excelize parses untrusted XML and may itself panic on malformed input;
// Import and Export recover at the package boundary and return an *model.Failure
// instead (model.CodeCorrupt from Import), so a bad file can never take
// the program down. The
// fuzz targets fail on any panic raised in this package's own code.
package xlsx
