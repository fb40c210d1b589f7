package ui

import (
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
)

// Fyne's own words come out in Chinese.
func TestFyneWordsChinese(t *testing.T) {
	test.NewTempApp(t)
	useChineseWords()
	for en, zh := range map[string]string{"Copy": "复制", "OK": "确定", "Undo": "撤销", "Cancel": "取消"} {
		if got := lang.L(en); got != zh {
			t.Errorf("%s shows %q, want %q", en, got, zh)
		}
	}
}
