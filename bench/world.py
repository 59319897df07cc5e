"""A generated multi-site campus portal for benchmarks: deterministic (seeded), with its own truth.

Shared by ``bench/bench_nights.py`` (three nights: first, with changes, unchanged) and the crawl-speed
benchmark of issue 14. The world is a model (sites → columns → posts with their links), not files:
``bench.world_pages.render`` writes any page on demand and ``bench.world_server.WorldServer`` serves it
on 127.0.0.1 with ETag / Last-Modified, so a 20,000-article world costs little memory.

Each site is one CMS family, as real 站群 are: 博达 VSB (``xxyw.htm`` + ``xxyw/N.htm`` numbered
downwards), 苏迪 WebPlus (``list.htm``, ``list2.htm``, ``all_count``), TRS WCM (``index.html``,
``index_1.html``, ``createPageHTML``), DedeCMS (``list_15_2.html``, ``共N页M条``) and an old ASP site
(``?page=N``, GBK bytes, no charset in the header); each UTF-8 site also has one column on the next
family (an 信息公开 sub-system on another CMS is common). Articles carry 20-80 links (navigation,
footer, related posts, attachments, images, pages on an "external" host) and a known set of planted
broken links. ``apply_changes`` makes night 2: new posts on top of some columns, one broken link
fixed (the missing file is uploaded), one new broken link (in a new post).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from monitor.demo.portal import TITLES

DAY_ONE = date(2025, 6, 30)  # night 1's "today"
UTF8_STYLES = ["vsb", "webplus", "trs", "dede"]
PER_PAGE = {"vsb": 15, "webplus": 18, "trs": 20, "dede": 10, "asp": 20}
SITE_NAMES = ["湘江大学", "潇湘师范学院", "岳麓职业技术学院", "湘中第一中学", "长沙市教育局", "洞庭理工学院",
              "衡山医学院", "湘西民族学院", "株洲工业职业学院", "湘潭外国语学校"]
COLUMNS = [("xxyw", "学校要闻"), ("tzgg", "通知公告"), ("xsjz", "学术讲座"), ("jxky", "教学科研"),
           ("xsgz", "学生工作"), ("zsjy", "招生就业"), ("dtjs", "党团建设"), ("kyxx", "科研信息"),
           ("hzjl", "合作交流"), ("rsgz", "人事工作"), ("xxgk", "信息公开"), ("xyfc", "校园风采")]
NAV = [("xxgk", "学校概况"), ("jgsz", "机构设置"), ("szdw", "师资队伍"), ("rcpy", "人才培养"),
       ("kxyj", "科学研究"), ("xyfw", "校园服务"), ("lxwm", "联系我们")]
EXT_PAGES = [f"/ext/{host}/{n}.htm" for host in ("moe", "jyt", "gov", "cnki", "xinhua", "people")
             for n in range(1, 6)]
FOOTER_EXT = ["/ext/moe/", "/ext/jyt/", "/ext/gov/", "/ext/beian/", "/ext/gongan/"]
ATTACH_EXTS = [".pdf", ".doc", ".docx", ".xls", ".pdf"]
BROKEN_KINDS = ["attachment", "article", "external", "image"]


@dataclass(frozen=True)
class WorldSpec:
    sites: int = 4
    columns: int = 4           # per site
    posts: int = 30            # mean per column (each column gets 0.6x-1.4x)
    links: tuple[int, int] = (20, 80)  # links per article page
    broken: int = 8            # planted broken link targets
    seed: int = 9


SIZES = {
    "tiny": WorldSpec(sites=2, columns=2, posts=8, broken=4),
    "small": WorldSpec(),
    "medium": WorldSpec(sites=6, columns=6, posts=80, broken=40),
    "large": WorldSpec(sites=8, columns=10, posts=250, links=(70, 90), broken=300),  # issue 14: ~20,000 pages
}


def spec_for(size: str = "small", scale: float = 1.0, seed: int | None = None) -> WorldSpec:
    """A named size, its posts and broken links multiplied by ``scale``."""
    spec = SIZES[size]
    spec = replace(spec, posts=max(1, round(spec.posts * scale)), broken=max(2, round(spec.broken * scale)))
    return replace(spec, seed=seed) if seed is not None else spec


@dataclass
class Post:
    pid: int
    title: str
    day: date
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (kind att|img|ext|int, path, text)


@dataclass
class Column:
    slug: str
    name: str
    style: str
    cid: int
    posts: list[Post] = field(default_factory=list)  # newest first

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.posts) // PER_PAGE[self.style]))


@dataclass
class Site:
    idx: int
    name: str
    style: str
    columns: list[Column] = field(default_factory=list)
    hot: list[tuple[Column, Post]] = field(default_factory=list)  # stable 热点 box on every article

    @property
    def prefix(self) -> str:
        return f"/s{self.idx + 1}/"

    @property
    def charset(self) -> str:
        return "gbk" if self.style == "asp" else "utf-8"


# --- URLs (site-absolute paths; the world never knows its server's port) --------------------------
def list_path(site: Site, col: Column, k: int) -> str:
    """List page ``k`` (1 = newest) of a column, as its CMS numbers it."""
    p, n = site.prefix, col.pages
    if col.style == "vsb":
        return f"{p}{col.slug}.htm" if k == 1 else f"{p}{col.slug}/{n - k + 1}.htm"
    if col.style == "webplus":
        return f"{p}{col.cid}/list.htm" if k == 1 else f"{p}{col.cid}/list{k}.htm"
    if col.style == "trs":
        return f"{p}{col.slug}/index.html" if k == 1 else f"{p}{col.slug}/index_{k - 1}.html"
    if col.style == "dede":
        return f"{p}a/{col.slug}/list_{col.cid}_{k}.html"
    return f"{p}ArticleList.asp?ClassID={col.cid}" + ("" if k == 1 else f"&page={k}")


def article_path(site: Site, col: Column, post: Post) -> str:
    p, d, pid = site.prefix, post.day, post.pid
    if col.style == "vsb":
        return f"{p}info/{col.cid}/{pid}.htm"
    if col.style == "webplus":
        return f"{p}{pid % 90:02x}/{pid * 7 % 90:02x}/c{col.cid}a{pid}/page.htm"
    if col.style == "trs":
        return f"{p}{col.slug}/{d:%Y%m}/t{d:%Y%m%d}_{pid}.html"
    if col.style == "dede":
        return f"{p}a/{col.slug}/{d:%Y}/{d:%m%d}/{pid}.html"
    return f"{p}ShowArticle.asp?ArticleID={pid}"


def file_path(site: Site, col: Column, post: Post, k: int, ext: str) -> str:
    """An attachment (``.pdf``…) or image (``.jpg``) of a post, where its CMS uploads files."""
    p, d, pid = site.prefix, post.day, post.pid
    if col.style == "vsb":
        return f"{p}__local/{pid % 16:X}/{pid % 251:02X}/{pid}{k}{ext}"
    if col.style == "webplus":
        return f"{p}_upload/article/files/{pid % 97:02x}/{pid % 89:02x}/{pid}{k}{ext}"
    if col.style == "trs":
        return f"{p}{col.slug}/{d:%Y%m}/W0{d:%Y%m%d}{pid}{k}{ext}"
    if col.style == "dede":
        return f"{p}uploads/{'allimg' if ext == '.jpg' else 'soft'}/{d:%y%m%d}/{pid}-{k}{ext}"
    return f"{p}UploadFiles/{d:%Y%m}/{pid}{k}{ext}"


def nav_path(site: Site, slug: str) -> str:
    return f"{site.prefix}{slug}/index.htm"


def asset_paths(site: Site) -> list[str]:
    p = site.prefix
    return [f"{p}css/style.css", f"{p}js/jquery.min.js", f"{p}images/logo.png", f"{p}images/ga.png"]


# --- the world -----------------------------------------------------------------------------------
class World:
    """Sites, columns, posts and the planted broken links; ``index()`` maps every served path."""

    def __init__(self, spec: WorldSpec):
        self.spec = spec
        self.today = DAY_ONE
        self.sites: list[Site] = []
        self.planted: dict[str, tuple[int, str]] = {}  # dead target path -> (site index, kind)
        self.uploaded: dict[str, date] = {}  # once-broken targets that exist now -> since when
        self.changes: list[dict[str, Any]] = []
        self._index: dict[str, tuple] | None = None
        self._next_pid: dict[int, int] = {}
        self._build(random.Random(spec.seed))

    # generation
    def _build(self, rng: random.Random) -> None:
        asp_at = 3 if self.spec.sites > 3 else self.spec.sites - 1
        for i in range(self.spec.sites):
            style = "asp" if i % 8 == asp_at else UTF8_STYLES[i % 4]
            name = SITE_NAMES[i % len(SITE_NAMES)] + (f"{i // len(SITE_NAMES) + 1}" if i >= len(SITE_NAMES) else "")
            site = Site(i, name, style)
            self._next_pid[i] = 10000 + 1000 * i
            for j in range(self.spec.columns):
                slug, cname = COLUMNS[j % len(COLUMNS)]
                if j >= len(COLUMNS):
                    slug, cname = f"{slug}{j // len(COLUMNS)}", f"{cname}{j // len(COLUMNS) + 1}"
                cstyle = style if style == "asp" or j < self.spec.columns - 1 or self.spec.columns == 1 \
                    else UTF8_STYLES[(UTF8_STYLES.index(style) + 1) % 4]
                cid = {"vsb": 1021 + j, "webplus": 2400 + 11 * j, "trs": 0, "dede": 5 + j, "asp": 3 + j}[cstyle]
                site.columns.append(Column(slug, cname, cstyle, cid))
            self.sites.append(site)
        for site in self.sites:
            for col in site.columns:
                n = max(1, round(self.spec.posts * rng.uniform(0.6, 1.4)))
                day = DAY_ONE - timedelta(days=rng.randint(0, 4))
                days = []
                for _ in range(n):
                    days.append(day)
                    day -= timedelta(days=rng.choice((0, 1, 1, 2, 2, 3)))
                col.posts = [self._new_post(site, d, rng) for d in reversed(days)][::-1]
            everything = [(c, p) for c in site.columns for p in c.posts]
            site.hot = rng.sample(everything, min(8, len(everything)))
        for site in self.sites:
            pool = [(c, p) for c in site.columns for p in c.posts]
            for col in site.columns:
                for post in col.posts:
                    self._fill_links(site, col, post, rng, pool)
        self._plant(rng)

    def _new_post(self, site: Site, day: date, rng: random.Random) -> Post:
        self._next_pid[site.idx] += 1
        title = TITLES[rng.randrange(len(TITLES))].format(n=day.year)
        return Post(self._next_pid[site.idx], f"{title}（{self._next_pid[site.idx]}）", day)

    def _fill_links(self, site: Site, col: Column, post: Post, rng: random.Random,
                    pool: list[tuple[Column, Post]]) -> None:
        """Links of the article body; the page frame (nav, footer, assets, 热点, 上一篇/下一篇) adds the rest."""
        frame = 1 + len(NAV) + len(site.columns) + 4 + len(FOOTER_EXT) + len(site.hot) + 2
        want = max(0, rng.randint(*self.spec.links) - frame)
        links: list[tuple[str, str, str]] = []
        for k in range(rng.choice((0, 1, 1, 2, 3))):
            ext = ATTACH_EXTS[rng.randrange(len(ATTACH_EXTS))]
            links.append(("att", file_path(site, col, post, k + 1, ext), f"附件{k + 1}：{post.title[:12]}{ext}"))
        for k in range(rng.choice((0, 1, 1, 2))):
            links.append(("img", file_path(site, col, post, k + 1, ".jpg"), f"图{k + 1}"))
        for path in rng.sample(EXT_PAGES, rng.choice((0, 0, 1, 2, 3))):
            links.append(("ext", path, "相关链接"))
        picks = rng.sample(pool, max(0, min(len(pool), want - len(links) + 1)))
        for c, p in [cp for cp in picks if cp[1] is not post][:max(0, want - len(links))]:
            links.append(("int", article_path(site, c, p), p.title))
        post.links = links

    def _plant(self, rng: random.Random) -> None:
        """``spec.broken`` dead targets, each on 1-3 articles of one site: missing attachments and
        images, a deleted article, a gone page on the external host."""
        for n in range(self.spec.broken):
            site = self.sites[n % len(self.sites)]
            hosts = [(c, p) for c in site.columns for p in c.posts]
            kind = BROKEN_KINDS[(n + n // len(self.sites)) % len(BROKEN_KINDS)]
            c0, p0 = hosts[rng.randrange(len(hosts))]
            path = self._dead_path(site, c0, p0, kind, n)
            for c, p in rng.sample(hosts, min(len(hosts), rng.randint(1, 3))):
                p.links.insert(rng.randint(0, len(p.links)), (_link_kind(kind), path, _dead_text(kind, n)))
            self.planted[path] = (site.idx, kind)

    def _dead_path(self, site: Site, col: Column, post: Post, kind: str, n: int) -> str:
        if kind == "attachment":
            return file_path(site, col, post, 90 + n % 10, ".pdf").replace(str(post.pid), f"{post.pid}{n}x", 1)
        if kind == "image":
            return f"{site.prefix}images/missing_{n}.jpg"
        if kind == "article":
            return article_path(site, col, Post(900000 + n, "", post.day))
        return f"/ext/gone/{n}.htm"

    # night 2
    def apply_changes(self, seed_offset: int = 2) -> dict[str, Any]:
        """Night 2: new posts on top of about half the columns (dated the next day), one planted
        broken target uploaded (fixed), one new broken attachment link in a new post."""
        rng = random.Random(self.spec.seed + seed_offset)
        self.today += timedelta(days=1)
        cols = [(s, c) for s in self.sites for c in s.columns]
        chosen = rng.sample(cols, max(1, len(cols) // 2))
        new: list[tuple[Site, Column, Post]] = []
        for site, col in chosen:
            fresh = [self._new_post(site, self.today, rng) for _ in range(rng.randint(1, 3))]
            col.posts[:0] = fresh[::-1]
            new += [(site, col, p) for p in fresh]
        pools = {s.idx: [(c, p) for c in s.columns for p in c.posts] for s in self.sites}
        for site, col, post in new:
            self._fill_links(site, col, post, rng, pools[site.idx])
        fixed = next(p for p, (_, kind) in self.planted.items() if kind == "attachment")
        self.uploaded[fixed] = self.today
        del self.planted[fixed]
        site, col, post = new[0]
        dead = file_path(site, col, post, 99, ".doc").replace(str(post.pid), f"{post.pid}z", 1)
        post.links.append(("att", dead, "附件：申报表.doc"))
        self.planted[dead] = (site.idx, "attachment")
        self._index = None
        change = {"day": self.today.isoformat(), "new_posts": len(new), "columns_changed": len(chosen),
                  "fixed": fixed, "new_broken": dead}
        self.changes.append(change)
        return change

    def advance(self) -> None:
        """An unchanged night: only the date moves."""
        self.today += timedelta(days=1)

    # what the server serves
    def index(self) -> dict[str, tuple]:
        """Every served path → what it is: (home, site) | (list, site, col, k) | (article, site, col, i)
        | (file, day) | (asset,) | (nav, site, slug) | (ext,). Anything else answers 404."""
        if self._index is not None:
            return self._index
        idx: dict[str, tuple] = {}
        for path in EXT_PAGES + FOOTER_EXT:
            idx[path] = ("ext",)
        for site in self.sites:
            idx[site.prefix] = ("home", site)
            for path in asset_paths(site):
                idx[path] = ("asset",)
            for slug, _ in NAV:
                idx[nav_path(site, slug)] = ("nav", site, slug)
            for col in site.columns:
                for k in range(1, col.pages + 1):
                    idx[list_path(site, col, k)] = ("list", site, col, k)
                if col.style == "asp":  # ASP answers an explicit page=1 as well (pagers built from 页次 ask it)
                    idx[list_path(site, col, 1) + "&page=1"] = ("list", site, col, 1)
                for i, post in enumerate(col.posts):
                    idx[article_path(site, col, post)] = ("article", site, col, i)
                    for kind, path, _ in post.links:
                        if kind in ("att", "img") and path not in self.planted and path not in idx:
                            idx[path] = ("file", post.day)
        for path, day in self.uploaded.items():
            idx[path] = ("file", day)
        self._index = idx
        return idx

    # truth
    def truth(self, origin: str, ext_origin: str) -> dict[str, Any]:
        """What a correct crawl stores: posts per (site, column) and the broken targets per site (URLs)."""
        posts = {f"{s.name}/{c.name}": len(c.posts) for s in self.sites for c in s.columns}
        broken = sorted((self.sites[i].name, (ext_origin if p.startswith("/ext/") else origin) + p)
                        for p, (i, _) in self.planted.items())
        return {"posts": posts, "broken": broken, "articles": sum(posts.values()),
                "pages": sum(1 for v in self.index().values() if v[0] in ("home", "list", "article", "nav"))}

    def site_config(self, origin: str, ext_origin: str) -> list[dict[str, Any]]:
        """One entry per site for a sites.toml: name, home URL, footer rules, columns (name, URL)."""
        return [{"name": s.name, "url": origin + s.prefix,
                 "footer_links": [ext_origin + "/ext/moe/"], "footer_text": ["ICP备", "公网安备"],
                 "sections": [{"name": c.name, "url": origin + list_path(s, c, 1)} for c in s.columns]}
                for s in self.sites]


def _link_kind(kind: str) -> str:
    return {"attachment": "att", "image": "img", "external": "ext", "article": "int"}[kind]


def _dead_text(kind: str, n: int) -> str:
    return {"attachment": f"附件：实施方案{n}.pdf", "image": "", "external": "相关链接",
            "article": f"相关阅读：往期通知{n}"}[kind]
