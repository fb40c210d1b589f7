package ui

import (
	"encoding/json"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// fyneWords are Fyne's own words (the menus of text fields, its dialogs)
// as the program says them. They are given for Chinese and for English
// too: a clerk's PC set to an English locale must still show a Chinese
// program, and Fyne's own Chinese says 好／是／不 where 确定／是／否 are meant.
var fyneWords = map[string]any{
	"Advanced": "高级", "Cancel": "取消", "Confirm": "确定", "Copy": "复制", "Cut": "剪切",
	"Create Folder": "新建文件夹", "Enter filename": "输入文件名", "Error": "错误",
	"Favourites": "常用位置", "File": "文件", "Folder": "文件夹", "New Folder": "新建文件夹",
	"No": "否", "OK": "确定", "Open": "打开", "Paste": "粘贴", "Quit": "退出", "Redo": "重做",
	"Save": "保存", "Select all": "全选", "Show Hidden Files": "显示隐藏的文件", "Undo": "撤销",
	"Yes": "是", "file.name": map[string]string{"other": "名称"}, "file.parent": map[string]string{"other": "上一级"},
}

// useChineseWords makes Fyne's own words Chinese whatever the locale.
func useChineseWords() {
	data, err := json.Marshal(fyneWords)
	if err != nil {
		fyne.LogError("translations", err)
		return
	}
	for _, l := range []fyne.Locale{"zh-Hans", "zh", "en"} {
		if err := lang.AddTranslationsForLocale(data, l); err != nil {
			fyne.LogError("translations for "+l.String(), err)
		}
	}
}
