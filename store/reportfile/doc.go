// Package reportfile reads a report from any file a clerk has, and lists
// the report files in a folder, for the CLI (check, import, merge,
// publish) and the GUI (导入, 汇总, 选择上年报告) alike, so both read the
// same files the same way and refuse the same ones with the same words.
//
// Read dispatches on the file's extension to the adapter that reads it
// (store/xlsx for workbooks; the JSON interchange format through model)
// and applies the unit and year the user gave. Folder walks a folder and
// its subfolders: the report files to read, every other file with why it
// is not read (a spreadsheet to save as .xlsx first, a format not read
// yet), and Office lock files and hidden files counted only.
//
// Errors are *model.Failure with the file in Path; their message does not
// repeat the path, which the caller puts in front.
package reportfile
