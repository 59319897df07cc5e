"""The shipped 《高等学校信息公开事项清单》 and the column-name inference over it (pure, no I/O but the data file)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from monitor.checklist import CATEGORY_COUNT, ITEM_COUNT, infer_items, load, matches, parse, toml_line

CATEGORIES = [
    "基本信息",
    "招生考试信息",
    "财务资产及收费信息",
    "人事师资信息",
    "教学质量信息",
    "学生管理服务信息",
    "学风建设信息",
    "学位学科信息",
    "对外交流与合作信息",
    "其他",
]
# Items per category as the 2014 list has them (6+8+7+5+9+4+3+4+2+2 = 50).
PER_CATEGORY = [6, 8, 7, 5, 9, 4, 3, 4, 2, 2]


def test_fifty_items_in_ten_categories_numbered_once():
    cl = load()
    assert (len(cl.items), len(cl.categories)) == (ITEM_COUNT, CATEGORY_COUNT) == (50, 10)
    assert list(cl.categories) == CATEGORIES
    assert [i.no for i in cl.items] == list(range(1, 51))
    assert [sum(1 for i in cl.items if i.category == c) for c in CATEGORIES] == PER_CATEGORY
    # categories run in blocks in list order: item numbers never go back to an earlier category
    assert [CATEGORIES.index(i.category) for i in cl.items] == sorted(CATEGORIES.index(i.category) for i in cl.items)
    assert cl.item(13).name == "拟录取研究生名单" and cl.item(6).name == "信息公开年度报告"
    assert cl.item(50).category == "其他" and "23号" in cl.source


def test_the_data_file_is_package_data():
    text = resources.files("monitor").joinpath("disclosure_checklist.toml").read_text(encoding="utf-8")
    assert len(tomllib.loads(text)["items"]) == 50
    root = Path(__file__).resolve().parents[2]
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "disclosure_checklist.toml" in pyproject["tool"]["setuptools"]["package-data"]["monitor"]
    # .gitignore ignores every data/ folder: the file must not live in one, or it is never committed
    assert "data" not in Path(str(resources.files("monitor").joinpath("disclosure_checklist.toml"))).parts[-2:]


def _raw() -> dict:
    text = resources.files("monitor").joinpath("disclosure_checklist.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["items"].pop(),  # 49 items
        lambda d: d["items"][3].update(no=3),  # a duplicate number
        lambda d: d["items"][0].update(category="基本资料"),  # unknown category
        lambda d: d["categories"].pop(),  # 9 categories
        lambda d: d["items"][5].update(names=[], exact=[]),  # nothing to infer it from
    ],
)
def test_a_broken_data_edit_is_refused(breakage):
    data = _raw()
    breakage(data)
    with pytest.raises(ValueError, match="checklist"):
        parse(data)


@pytest.mark.parametrize(
    ("name", "items"),
    [
        ("学校概况", [1]),
        ("机构设置", [1]),
        ("现任领导", [1]),
        ("学校章程", [2]),
        ("规章制度", [2]),
        ("教代会", [3]),
        ("学术委员会年度报告", [4]),
        ("发展规划", [5]),
        ("年度工作要点", [5]),
        ("信息公开年度报告", [6]),
        ("年度报告", [6]),
        ("招生章程", [7]),
        ("本科招生信息", [7]),
        ("特殊类型招生", [8]),
        ("高水平运动队招生", [8]),
        ("录取查询", [9]),
        ("研究生招生", [11]),
        ("研究生招生简章", [11]),  # not 7 although it contains 招生简章
        ("复试成绩", [12]),
        ("拟录取名单", [13]),
        ("研究生招生咨询", [14]),  # not 10 or 11
        ("财务管理制度", [15]),
        ("捐赠信息", [16]),
        ("校办企业", [17]),
        ("招标采购", [18]),
        ("采购公告", [18]),
        ("部门预算", [19]),
        ("财务决算", [20]),
        ("预决算公开", [19, 20]),
        ("收费公示", [21]),
        ("校领导社会兼职", [22]),
        ("因公出国（境）", [23]),
        ("因公出国(境)情况", [23]),
        ("岗位设置", [24]),
        ("人才招聘", [25]),
        ("干部任免", [25]),
        ("师资队伍", [27]),
        ("专业设置", [28]),
        ("就业指导", [31]),
        ("就业质量年度报告", [33]),  # not 6 although it ends in 年度报告
        ("艺术教育发展年度报告", [34]),
        ("本科教学质量报告", [35]),
        ("学籍管理", [36]),
        ("奖助学金", [37]),
        ("学生资助", [37]),
        ("学生奖惩", [38]),
        ("学生申诉", [39]),
        ("学风建设", [40]),
        ("学术规范", [41]),
        ("学术不端", [42]),
        ("学位授予", [43]),
        ("同等学力", [44]),
        ("学位授权点审核办法", [45]),
        ("学位授权点申报", [46]),
        ("中外合作办学", [47]),
        ("来华留学", [48]),
        ("巡视整改", [49]),
        ("应急预案", [50]),
        (" 信息公开 年度报告 ", [6]),  # spaces are noise
    ],
)
def test_infer_items_from_usual_column_names(name, items):
    assert infer_items(name) == items


@pytest.mark.parametrize("name", ["新闻动态", "通知公告", "学校要闻", "", "   ", "<script>", "学院新闻", "预算外"])
def test_columns_that_are_no_checklist_item(name):
    # 预算外 is not a whole-name 预算; news and notices are no disclosure item
    assert infer_items(name) == []


def test_every_item_is_inferred_from_its_first_usual_name():
    cl = load()
    for item in cl.items:
        first = (item.names or item.exact)[0]
        assert item.no in infer_items(first), (item.no, first)


def test_each_items_own_wording_is_that_item_alone():
    # Many 信息公开网 name a column with the list's wording itself; it must map to that item and no other
    # (招生章程及特殊类型招生办法 is 7, not also 8; 促进毕业生就业的政策措施和指导服务 is 31, not 32).
    cl = load()
    assert [infer_items(i.name) for i in cl.items] == [[i.no] for i in cl.items]


# Column names as real 信息公开网 publish them: the navigation of 吉林农业大学's xxgk site and of 济南大学's
# disclosure-site template (see README "Disclosure checklist report": where the list was checked).
@pytest.mark.parametrize(
    ("name", "items"),
    [
        ("办学基本情况", [1]),
        ("制定的各项规章制度", [2]),
        ("教职工代表大会工作报告", [3]),
        ("学术委员会相关制度", [4]),
        ("学校“十四五”规划", [5]),
        ("招生章程及特殊类型招生办法", [7]),
        ("分批次、分科类招生计划", [7]),
        ("分批次、分科类录取人数和录取最低分", [9]),
        ("考生个人录取信息查询渠道和办法", [9]),
        ("招生咨询及考生申诉渠道", [10]),
        ("新生复查期间有关举报、调查及处理结果", [10]),
        ("参加研究生复试的考生成绩", [12]),
        ("研究生招生咨询及申诉渠道", [14]),
        ("财务和资产管理制度", [15]),
        ("校办企业资产 、负债、国有资产保值增值等信息", [17]),
        ("采购招标", [18]),
        ("收支预算表", [19]),
        ("财务预算公开", [19]),
        ("收支决算表", [20]),
        ("财务决算公开", [20]),
        ("校内中层干部任免信息", [25]),
        ("招聘信息", [25]),
        ("促进毕业生就业的政策措施和指导服务", [31]),
        ("毕业生的规模、结构、就业率、就业流向", [32]),
        ("毕业生就业质量年度报告", [33]),
        ("学生资助管理", [37]),
        ("学生奖学金申请与管理规定", [37]),
        ("勤工俭学的申请与管理规定", [37]),
        ("学术不端行为查处机制", [42]),
        ("授予博士硕士学士学位的基本要求", [43]),
        ("拟授予硕士博士学位同等学力人员资格审查和学力水平认定", [44]),
        ("新增硕士博士学位授权学科或专业学位授权点审核办法", [45]),
        ("拟新增学位授权学科或专业学位授权点的申报及论证材料", [46]),
        ("突发事件", [50]),
    ],
)
def test_column_names_real_disclosure_sites_use(name, items):
    assert infer_items(name) == items


def test_matches_says_which_name_matched():
    assert matches("研究生招生咨询与申诉") == {14: "研究生招生咨询"}


def test_toml_line():
    assert toml_line([13, 12, 12]) == "checklist = [12, 13]"
