// Package docx writes a report as a Word document (.docx, Office Open XML),
// and reads one — a report as Word or WPS saved it, ours or anyone's —
// into a model.TextGrid for the label-based reader (read.go: paragraphs,
// tables with gridSpan and vMerge; text boxes, deleted text and field
// codes left out; the body read with store/internal/xmlscan, encoding/xml
// where the scanner gives up).
//
// The document it writes is in the official layout: the title, 前言, 一
// to 六 with their headings, and 表二–表四 with the printed merged heads, on A4 with Chinese fonts named in
// the East Asian font slots and page numbers in the footer. Word, WPS and
// LibreOffice open it; a clerk edits it further there or sends it on.
//
// It is an output adapter like store/webpage and prints what the page
// prints. The tables are drawn from model.Layout, the one layout of each
// table that the editor, the Excel export and the web page draw: every
// slot becomes one w:tc, merged across columns by w:gridSpan and down rows
// by w:vMerge. It uses the standard library only (archive/zip and
// text/template, every text escaped for XML); there is no well-kept Go
// library for merged Word tables.
package docx
