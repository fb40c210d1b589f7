package drafts

import (
	"fmt"
	"io/fs"

	"nianbao/model"
)

// The store's errors are *model.Failure, in the program's one vocabulary:
// Msg is Chinese for the clerk and is what the GUI shows, Err the cause for
// the log, and Code says what to offer (see the package doc).

func errNotFound(id string) error {
	return &model.Failure{Code: model.CodeNotFound, Msg: "找不到这份草稿，它可能已被删除。", Err: fmt.Errorf("draft %s not found", id)}
}

func errFinal(id string) error {
	return &model.Failure{Code: model.CodeFinal, Msg: "这份报告已定稿，不能修改。如需修改，请先“解除定稿”并说明原因。",
		Err: fmt.Errorf("draft %s is final", id)}
}

func errClosed() error {
	return &model.Failure{Code: model.CodeClosed, Msg: "数据文件已关闭，修改没有保存。"}
}

func invalid(msg string) error {
	return &model.Failure{Code: model.CodeInvalid, Msg: msg}
}

func errMissing(path string) error {
	return &model.Failure{Code: model.CodeMissing, Path: path,
		Msg: "数据文件 " + path + " 不存在。请检查文件名和所在的文件夹是否写对（在U盘上的，U盘是否已插好）。",
		Err: fmt.Errorf("open %s: %w", path, fs.ErrNotExist)}
}

func errReadOnly(path string) error {
	return &model.Failure{Code: model.CodeReadOnly, Path: path,
		Msg: "数据文件 " + path + " 是只读的（文件设为只读、在光盘或写保护的U盘上，或以只读方式打开），" +
			"只能查看、检查、导出和发布，不能修改。如需修改，请把它复制到电脑上可以写入的文件夹，再打开复制的文件。",
		Err: fmt.Errorf("%s is open read-only", path)}
}
