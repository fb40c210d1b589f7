package model

// A TextGrid is a document that is not a workbook as the report reader
// sees it: a Word document's or a web page's body, its paragraphs and its
// tables, laid out in rows and columns like a worksheet, with the merged
// cells of its tables. Every reader of a report file turns the file into
// grids, and one label-based locator (store/xlsx) finds the report's
// tables, title and text in them, whatever the file was.
type TextGrid struct {
	// Name names the grid in messages where a workbook names a sheet:
	// "Word文档", "网页".
	Name string
	// Rows are the cell texts, row by row; a paragraph is a row of one
	// cell, a table's row a row of its cells (a merged cell's text in its
	// first cell, the others "").
	Rows [][]string
	// Merges are the merged ranges, 0-based and inclusive.
	Merges []CellRange
}

// A CellRange is a rectangle of cells, 0-based, both corners included.
type CellRange struct{ Row1, Col1, Row2, Col2 int }
