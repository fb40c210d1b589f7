// Package model is the domain at the centre of nianbao: the official report
// formats as data, a report's values, its totals and its consistency rules.
// It uses the standard library only; the GUI, the draft store and the xlsx
// adapter depend on it, never the other way round.
//
// The pieces:
//
//   - Template (templates/*.json, loaded by Templates, LookupTemplate,
//     TemplateForYear): tables → blocks → rows × columns, official labels,
//     which cells are typed and which derived (sums), narrative sections (and
//     where they go), rules, the figures texts state, ready-made sentences
//     and the carry-forward link. Every cell has a stable CellID such as
//     "t3.new_received.natural". Every ID the code needs is named by the
//     template data and checked when it loads; the Go code spells none.
//   - Kind and Value: counts, signed changes and exact decimal amounts;
//     Kind.Parse reads what a clerk types (full-width digits, 1,234, units…).
//   - Report: Meta (基本信息), typed values, totals stated by a file,
//     narrative text and the clerk's 说明. Invalid input is kept, not lost.
//   - Report.Evaluate: computes every total and checks every rule, returning
//     Findings in plain Chinese that point at their cells. The narrative
//     rules (narrative.go: N-R1, N-R2) read the figures the texts state
//     (835件, 三十五件) and compare them with the tables' Figures (defined
//     by each template, figures.go), which the editor also offers for
//     insertion.
//   - MarshalJSON / UnmarshalReport: the JSON interchange format.
//   - NextYear (以去年为底稿), MergeReports (汇总) and Report.ConvertTo.
//   - Layout (layout.go): the one layout of each table — slots with spans
//     and roles — that the editor, the workbook, the web page and the Word
//     document all draw; Report.Printed (printed.go): the one printed order
//     of the whole report (title, preface, sections, tables, signature).
//   - Meta fields, the year range, SameUnit and CanFinalise (meta.go,
//     report.go): each domain rule once, asked by the forms, the files and
//     the drafts file alike.
//   - TextGrid (textgrid.go): a document that is not a workbook (a Word
//     document, a web page) as rows and merged cells, for the one
//     label-based reader.
//   - Failure (errors.go): the one error vocabulary of the adapters — a
//     code, the Chinese message the clerk sees, the file, the cause.
//
// Data flows from the template JSON through model to the editor (ui) and
// to the adapters (store/*), which turn reports into files and files into
// reports; cmd wires them.
//
// Errors the package returns about user data (a report without a year, a
// format that cannot be converted, nothing to merge) say what is wrong in
// Chinese in their Error text, which callers show as it is.
package model
