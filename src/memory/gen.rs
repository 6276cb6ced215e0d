//! Synthetic memories for tests and benchmarks, public so that a user can
//! measure lookup at the scale of a department memory on their own machine.
//!
//! Sentences are drawn word by word from a small bilingual vocabulary with
//! Zipf-like frequencies (a few very common words, a long tail), and a third
//! of the units are edits of an earlier unit (a word replaced, inserted or
//! dropped), as in real memories where revised sentences recur. The Chinese
//! side uses the Chinese word at the same vocabulary position, so both sides
//! have realistic gram statistics for their script.

use super::index::Entry;

const EN: &str = "the of and to in city development government county work district \
    party committee secretary province people services industry enterprise project construction \
    reform economic social national rural urban investment support quality high new public \
    cooperation port trade environment resources security education health culture technology \
    innovation market management system policy plan implementation meeting leaders cadres \
    masses responsibility inspection speech important spirit study province-level township \
    village agriculture farmers income employment talent science research finance bank tax \
    transport railway highway logistics energy water green ecology protection pollution \
    governance law court police safety emergency supervision discipline integrity \
    organization propaganda united front youth women labor union association center bureau \
    director deputy mayor chairman vice standing member office general department human \
    social security insurance pension housing land planning natural heritage tourism sports \
    medical hospital school university students teachers children elderly poverty \
    revitalization modernization opening strategy belt road zone pilot free comprehensive";

const ZH: &str = "的 之 和 向 在 城市 发展 政府 县 工作 区 党 委员会 书记 省 人民 服务 产业 \
    企业 项目 建设 改革 经济 社会 全国 农村 城镇 投资 支持 质量 高 新 公共 合作 港口 贸易 \
    环境 资源 安全 教育 卫生 文化 科技 创新 市场 管理 体系 政策 规划 落实 会议 领导 干部 \
    群众 责任 视察 讲话 重要 精神 学习 省级 乡镇 村 农业 农民 收入 就业 人才 科学 研究 金融 \
    银行 税务 交通 铁路 公路 物流 能源 水利 绿色 生态 保护 污染 治理 法治 法院 公安 安全生产 \
    应急 监督 纪律 廉洁 组织 宣传 统一战线 青年 妇女 劳动 工会 协会 中心 局 局长 副 市长 主席 \
    副主席 常务 委员 办公室 总 部门 人力资源 社会保障 保险 养老 住房 土地 规划局 自然 遗产 \
    旅游 体育 医疗 医院 学校 大学 学生 教师 儿童 老年人 贫困 振兴 现代化 开放 战略 一带 一路 \
    园区 试点 自由贸易 综合";

/// A small deterministic random generator (SplitMix64), so that generated
/// memories are the same on every run without a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(crate::hash::GOLDEN);
        crate::hash::splitmix64(self.0)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A vocabulary position, small positions much more likely.
    fn zipf(&mut self, n: usize) -> usize {
        let x = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(x) as usize).saturating_sub(1).min(n - 1)
    }
}

/// Generates a memory of `n` units, the same for the same `seed`: what the
/// lookup bench indexes and `examples/tmx_gen.rs` writes as TMX, to measure
/// a machine at a million units without a real memory.
///
/// ```
/// let units = tmalign::memory::gen::memory(100, 7);
/// assert_eq!(units.len(), 100);
/// assert_eq!(units[3].zh, tmalign::memory::gen::memory(100, 7)[3].zh);
/// ```
pub fn memory(n: usize, seed: u64) -> Vec<Entry> {
    units(n, seed).collect()
}

/// The units of [`memory`]`(n, seed)` one at a time, without holding them:
/// only each sentence's word positions are kept (2 bytes a word), since an
/// edited unit copies an earlier one. Ten million units take about 0.5 GB.
///
/// ```
/// let first: Vec<_> = tmalign::memory::gen::units(50, 3).map(|e| e.en).collect();
/// let all: Vec<_> = tmalign::memory::gen::memory(50, 3).into_iter().map(|e| e.en).collect();
/// assert_eq!(first, all);
/// ```
pub fn units(n: usize, seed: u64) -> Units {
    let en: Vec<&'static str> = EN.split_whitespace().collect();
    let zh: Vec<&'static str> = ZH.split_whitespace().collect();
    let v = en.len().min(zh.len());
    Units { n, i: 0, rng: Rng::new(seed), sentences: Vec::with_capacity(n), en, zh, v }
}

/// Rare words beyond the vocabulary: numbered names that make most
/// sentences distinctive.
const NAMES: usize = 5000;

/// The iterator of [`units`].
pub struct Units {
    n: usize,
    i: usize,
    rng: Rng,
    /// Every sentence so far, as vocabulary positions (below `v + NAMES`,
    /// which fits in 16 bits).
    sentences: Vec<Box<[u16]>>,
    en: Vec<&'static str>,
    zh: Vec<&'static str>,
    v: usize,
}

impl Iterator for Units {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        if self.i >= self.n {
            return None;
        }
        let (i, v, rng) = (self.i, self.v, &mut self.rng);
        let words: Vec<u16> = if i > 0 && rng.below(3) == 0 {
            let mut w = self.sentences[rng.below(i)].to_vec();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(w.len() + 1);
                match rng.below(3) {
                    0 if at < w.len() => w[at] = rng.zipf(v + NAMES) as u16,
                    1 => w.insert(at, rng.zipf(v + NAMES) as u16),
                    _ if at < w.len() && w.len() > 3 => {
                        w.remove(at);
                    }
                    _ => {}
                }
            }
            w
        } else {
            let len = 6 + rng.below(24);
            (0..len).map(|_| rng.zipf(v + NAMES) as u16).collect()
        };
        let mut e = String::new();
        let mut z = String::new();
        for (k, &w) in words.iter().enumerate() {
            let w = usize::from(w);
            if k > 0 {
                e.push(' ');
            }
            if w < v {
                e.push_str(self.en[w]);
                z.push_str(self.zh[w]);
            } else {
                // Beyond the vocabulary: names, numbered so both sides agree.
                let id = w - v;
                e.push_str(&format!("name{id}"));
                let a = char::from_u32(0x4E00 + (id as u32 * 7) % 20000).unwrap_or('名');
                let b = char::from_u32(0x4E00 + (id as u32 * 13 + 5) % 20000).unwrap_or('字');
                z.push(a);
                z.push(b);
            }
            if k + 1 < words.len() && rng.below(8) == 0 {
                e.push(',');
                z.push('，');
            }
        }
        e.push('.');
        z.push('。');
        self.sentences.push(words.into_boxed_slice());
        self.i += 1;
        Some(Entry { file: 0, unit: i as u32 + 1, zh: z, en: e, joined: false })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.n - self.i;
        (left, Some(left))
    }
}
