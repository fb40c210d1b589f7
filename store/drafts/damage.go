package drafts

import (
	"fmt"
	"strings"

	"nianbao/model"

	"go.etcd.io/bbolt"
)

// damaged is the error for a draft whose info or report cannot be read
// (its checksum does not match, or it does not decode). It names the draft
// for the clerk and says how to get the figures back; nothing is
// rewritten. rec is nil when the info record itself is the damaged one.
func (db *DB) damaged(b *bbolt.Bucket, id string, rec *infoRecord, err error) error {
	return &model.Failure{Code: model.CodeDamaged, Path: db.path,
		Msg: "报告" + db.draftName(b, id, rec) + "的数据已损坏，程序没有读取它，以免用错数字；数据文件中的其他报告不受影响。" +
			"请从备份恢复：用本程序打开备份文件夹 " + db.opts.BackupDir + " 中损坏之前的一份备份，导出这份报告，" +
			"再导入到现在的数据文件；或把数据文件交给技术人员检查。",
		Err: fmt.Errorf("draft %s: %w", id, err)}
}

// damagedHistory is the error for a draft whose history (an entry or a
// snapshot) cannot be read. Its current content is another record and may
// well be intact: the message says so.
func (db *DB) damagedHistory(b *bbolt.Bucket, rec *infoRecord, err error) error {
	return &model.Failure{Code: model.CodeDamaged, Path: db.path,
		Msg: "报告" + db.draftName(b, rec.ID, rec) + "的修改记录已损坏，无法查看或恢复早先的状态。" +
			"报告现在的内容不受影响，可以继续填写和导出。需要早先的状态时，请用本程序打开备份文件夹 " +
			db.opts.BackupDir + " 中的备份查看。",
		Err: fmt.Errorf("draft %s history: %w", rec.ID, err)}
}

// draftName names a draft in a message: “某某局 2024年度”, from its info
// record, else from its report, else by its ID.
func (db *DB) draftName(b *bbolt.Bucket, id string, rec *infoRecord) string {
	if rec != nil && strings.TrimSpace(rec.Unit) != "" {
		return "“" + rec.public().Title() + "”"
	}
	if b != nil {
		if r, err := db.readReport(b); err == nil && strings.TrimSpace(r.Meta.Unit) != "" {
			return "“" + DraftInfo{DraftKey: DraftKey{Unit: r.Meta.Unit, Year: r.Meta.Year}}.Title() + "”"
		}
	}
	return "（草稿编号 " + id + "）"
}
