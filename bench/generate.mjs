#!/usr/bin/env node
// Deterministic generator of realistic 2025 创新积分制 filings, for tests and benchmarks.
//
//   node bench/generate.mjs --count N --seed S --out DIR [--mix default|clean] [--jobs N]
//                           [--force]
//
// Writes
//   DIR/filings/NNNNNN-<uscc>.json  one file per filing: a bare filing or a signed cxjf.envelope/1 file
//   DIR/keys.json                   the bureau's key registry (cxjf.keys/1): every company's registered key ID
//   DIR/manifest.json               every file's name, intended category, USCC and the verdict it should get
// and prints the count, the time and files/s. Check the result with
//   build/cxjf check --check-date 2025-06-30 --keys DIR/keys.json DIR/filings
// The filings have a folder of their own because `cxjf check DIR` reads every *.json below DIR, keys.json and
// manifest.json included.
//
// Same seed and count (and mix) → byte-identical output, whatever --jobs is: every file depends only on
// (seed, index), through SHA-256-seeded sfc32 generators; no clock, no Math.random.
//
// Mixes (the manifest states the one used):
//   default   ≈ 78% clean (signed, no finding)            ≈ 12% explained (signed, only warnings, each explained)
//             ≈ 2% unsigned (bare filing, no finding)     ≈ 2% rule-error (bare, an R-* error: R&D staff above
//             headcount, wrong USCC check character, R&D above total cost, unknown bank, last year's years, …)
//             ≈ 2% schema-error (bare, an S-* error: misspelt field, amount typed as text, missing field, …)
//             ≈ 2% malformed (J-*: truncated, duplicate key, BOM, UTF-16, broken UTF-8, two files pasted together)
//             ≈ 1% tampered (signed, then a figure changed)  ≈ 1% key-changed (signed with another key than the
//             registry's)  + exactly two duplicate pairs (one company filed twice: a later signedAt, one figure
//             corrected; both signed and valid). Shares are rounded per category; clean takes the remainder.
//   clean     every file signed and valid, no finding (the throughput bench).
//
// Realism: each company is distinct (a unique 统一社会信用代码 with a correct GB 32100 check character and a
// valid GB 11714 organisation code in characters 9-17 — both check characters the engine's, "MA…" codes for companies founded after 2015-10; a
// unique 字号 for up to ~280,000 companies), drawn from 18 industry archetypes (equipment, electronics,
// software, biotech, seeds, …) mapped onto GB/T 4754-2017 classes, located in a real county of
// forms/2025/regions.json (weighted towards the provinces where technology SMEs are), micro to large (the
// declared scale is the one 统计上大中小微型企业划分办法（2017） derives: the engine's R-SCALE, scaleOf()), founded 1993-2024,
// with three fiscal years that grow or shrink plausibly, qualifications (高企 certificates, 科技型中小企业 numbers,
// R&D institutions, awards, standards, projects) that come with size and age, IP and a financing need. Every
// file is checked by the engine before it is written: a clean file has no finding, an explained one only its
// explained warning, an error file its intended rule (figures are drawn again until that holds).
//
// Signing: each company has an Ed25519 key derived from (seed, company); a key-changed file uses a second key.
// The envelopes are the product's: the engine (build-wasm/site's bureau engine, cxjf-bureau.js, loaded as the
// tests load it) checks and scores the filing and writes its cxjf.envelope/1 (prepareEnvelope), node:crypto signs
// the signed bytes it hands out, and the engine fills in the signature (completeEnvelope); the key ID is the
// engine's too. Nothing of the envelope's format, the check claim or RFC 8785 is written here.
//
// Needs Node ≥ 18 and the built wasm engine (build-wasm/site, or CXJF_SITE_DIR); no npm package.
// (Until issue 13 the check characters, the size class and the envelope writer were copies in this file; the files
// it writes for a seed are the same bytes as those copies wrote.)
import { createHash, createPrivateKey, sign as edSign } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const formsDir = path.join(repoRoot, 'forms', '2025');
const defaultSiteDir = path.resolve(process.env.CXJF_SITE_DIR ?? path.join(repoRoot, 'build-wasm', 'site'));

const FILING_YEAR = 2025;
const CHECK_DATE = '2025-06-30';  // every date in the output is on or before it

const MIXES = {
  default: {
    shares: { explained: 0.12, unsigned: 0.02, 'rule-error': 0.02, 'schema-error': 0.02, malformed: 0.02, tampered: 0.01, 'key-changed': 0.01 },
    duplicatePairs: 2,
  },
  clean: { shares: {}, duplicatePairs: 0 },
};

// ---------------------------------------------------------------------------------------------------------------
// Randomness: sfc32 seeded from SHA-256 of the purpose, so each file and company has its own stream.

class Rng {
  constructor(...parts) {
    const h = createHash('sha256').update(['cxjf-generate/1', ...parts].join('\u0000')).digest();
    this.a = h.readUInt32LE(0); this.b = h.readUInt32LE(4); this.c = h.readUInt32LE(8); this.d = h.readUInt32LE(12);
    for (let i = 0; i < 12; i++) this.next32();
  }
  next32() {
    const t0 = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const t = (t0 + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  float() { return this.next32() / 4294967296; }
  int(lo, hi) { return lo + Math.floor(this.float() * (hi - lo + 1)); }
  range(lo, hi) { return lo + this.float() * (hi - lo); }
  log(lo, hi) { return lo * (hi / lo) ** this.float(); }  // log-uniform
  chance(p) { return this.float() < p; }
  pick(list) { return list[Math.floor(this.float() * list.length)]; }
  weighted(list, weightOf = (x) => x.weight) {
    let total = 0;
    for (const x of list) total += weightOf(x);
    let u = this.float() * total;
    for (const x of list) {
      u -= weightOf(x);
      if (u < 0) return x;
    }
    return list[list.length - 1];
  }
  sample(list, n) {  // n distinct items, in drawn order
    const pool = [...list], out = [];
    while (out.length < n && pool.length) out.push(pool.splice(Math.floor(this.float() * pool.length), 1)[0]);
    return out;
  }
}

const digits = (r, n) => { let s = ''; for (let i = 0; i < n; i++) s += r.int(0, 9); return s; };
const pad = (n, width) => String(n).padStart(width, '0');
const round = (x) => Math.round(x);
const roundTo = (x, unit) => Math.max(unit, Math.round(x / unit) * unit);
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));

// Dates as 'YYYY-MM-DD' through UTC day numbers.
const dayOf = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000;
const isoOf = (day) => new Date(day * 86400000).toISOString().slice(0, 10);
const randomDate = (r, from, to) => isoOf(r.int(dayOf(from), dayOf(to)));

// ---------------------------------------------------------------------------------------------------------------
// Identification codes (GB 32100 统一社会信用代码, GB 11714 组织机构代码).

// The characters of a USCC (GB 32100): what an organisation code of a company founded after 2015-10 is drawn from.
// The check characters themselves are the engine's (usccCheckChar, orgCodeCheckChar).
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));

// An affine bijection on [0, modulus) from the seed: distinct companies get distinct codes and 字号.
function affine(seed, purpose, modulus) {
  const r = new Rng(seed, 'affine', purpose, modulus);
  let a = Math.floor(r.float() * (modulus - 1)) + 1;
  while (gcd(a, modulus) !== 1) a = (a % (modulus - 1)) + 1;
  const b = Math.floor(r.float() * modulus);
  return (i) => Number((BigInt(a) * BigInt(i) + BigInt(b)) % BigInt(modulus));
}

// ---------------------------------------------------------------------------------------------------------------
// Words. Each entry carries its pinyin for e-mail addresses.

const split = (text) => text.trim().split(/\s+/).map((w) => { const [zh, py] = w.split(':'); return { zh, py }; });
const uniqueBy = (list) => [...new Map(list.map((x) => [x.zh, x])).values()];

const SURNAMES = split(`王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou 徐:xu 孙:sun
  马:ma 朱:zhu 胡:hu 郭:guo 何:he 林:lin 高:gao 罗:luo 郑:zheng 梁:liang 谢:xie 宋:song 唐:tang 许:xu 韩:han 冯:feng
  邓:deng 曹:cao 彭:peng 曾:zeng 肖:xiao 田:tian 董:dong 潘:pan 袁:yuan 蔡:cai 蒋:jiang 余:yu 于:yu 杜:du 叶:ye
  程:cheng 魏:wei 苏:su 吕:lv 丁:ding 任:ren 沈:shen 姚:yao 卢:lu 姜:jiang 崔:cui 钟:zhong 谭:tan 陆:lu 汪:wang
  范:fan 金:jin 石:shi 廖:liao 贾:jia 夏:xia 韦:wei 方:fang 白:bai 邹:zou 孟:meng 熊:xiong 秦:qin 邱:qiu 江:jiang
  尹:yin 薛:xue 闫:yan 段:duan 雷:lei 侯:hou 龙:long 史:shi 陶:tao 黎:li 贺:he 顾:gu 毛:mao 郝:hao 龚:gong 邵:shao
  万:wan 钱:qian 严:yan 覃:qin 武:wu 戴:dai 莫:mo 孔:kong 向:xiang 汤:tang`);
const GIVEN = split(`伟:wei 芳:fang 娜:na 敏:min 静:jing 丽:li 强:qiang 磊:lei 军:jun 洋:yang 勇:yong 艳:yan 杰:jie
  娟:juan 涛:tao 明:ming 超:chao 秀:xiu 霞:xia 平:ping 刚:gang 文:wen 华:hua 建:jian 国:guo 志:zhi 海:hai 晓:xiao
  俊:jun 红:hong 鹏:peng 辉:hui 宇:yu 欣:xin 然:ran 振:zhen 立:li 嘉:jia 思:si 川:chuan 浩:hao 博:bo 晨:chen 睿:rui
  轩:xuan 泽:ze 琳:lin 婷:ting 雪:xue 亮:liang 斌:bin 凯:kai 峰:feng 毅:yi 德:de 永:yong 春:chun 雨:yu 东:dong
  燕:yan 梅:mei 丹:dan 玲:ling 慧:hui 颖:ying 倩:qian 宁:ning 旭:xu 阳:yang 航:hang 帆:fan 楠:nan 诚:cheng 铭:ming
  远:yuan 卓:zhuo 健:jian 新:xin 蕾:lei 璐:lu 薇:wei 佳:jia 悦:yue 昊:hao 子:zi 一:yi 天:tian 安:an 成:cheng
  光:guang 荣:rong 庆:qing 松:song 清:qing 源:yuan 立:li 秋:qiu 朝:chao 宏:hong 鑫:xin 晴:qing`);
// 字号: two characters, or three when the run needs more than the two-character names.
const BRAND_1 = uniqueBy(split(`启:qi 澄:cheng 锦:jin 晶:jing 数:shu 禾:he 鲁:lu 秦:qin 康:kang 中:zhong 华:hua 恒:heng
  瑞:rui 博:bo 科:ke 创:chuang 智:zhi 鼎:ding 联:lian 信:xin 达:da 远:yuan 天:tian 正:zheng 海:hai 宏:hong 新:xin
  腾:teng 卓:zhuo 盛:sheng 汇:hui 同:tong 英:ying 睿:rui 钧:jun 泰:tai 嘉:jia 明:ming 金:jin 云:yun 蓝:lan 青:qing
  赛:sai 迈:mai 普:pu 航:hang 凌:ling 星:xing 光:guang 弘:hong 丰:feng 安:an 佳:jia 德:de 沃:wo 极:ji 昊:hao 拓:tuo
  芯:xin 易:yi 优:you 越:yue 思:si 聚:ju 驰:chi 久:jiu 奥:ao 宇:yu 尚:shang 贝:bei 朗:lang 凯:kai 铭:ming 耀:yao
  融:rong 至:zhi 微:wei 润:run 阳:yang 臻:zhen 峰:feng 麦:mai 亿:yi 致:zhi 万:wan 洲:zhou 力:li 坤:kun 瀚:han 翼:yi
  策:ce 纳:na 擎:qing 晟:sheng 璞:pu 沐:mu 知:zhi 鹰:ying 川:chuan 泓:hong 皓:hao 岚:lan 曦:xi 凯:kai 楚:chu 蜀:shu`));
const BRAND_2 = uniqueBy(split(`衡:heng 曜:yao 岳:yue 澜:lan 拓:tuo 丰:feng 源:yuan 算:suan 策:ce 联:lian 芯:xin 科:ke
  达:da 信:xin 通:tong 维:wei 捷:jie 锐:rui 讯:xun 图:tu 能:neng 驰:chi 腾:teng 泰:tai 宸:chen 恒:heng 和:he 盛:sheng
  元:yuan 晟:sheng 安:an 迪:di 博:bo 诺:nuo 威:wei 普:pu 迅:xun 展:zhan 华:hua 卓:zhuo 越:yue 合:he 盈:ying 邦:bang
  嘉:jia 鑫:xin 瑞:rui 祥:xiang 成:cheng 辰:chen 航:hang 德:de 凯:kai 星:xing 明:ming 智:zhi 创:chuang 微:wei
  光:guang 川:chuan 峰:feng 林:lin 海:hai 途:tu 睿:rui 宇:yu 弘:hong 润:run 鸿:hong 奇:qi 森:sen 远:yuan 铭:ming
  朗:lang 桥:qiao 极:ji 域:yu 米:mi 势:shi 焱:yan 启:qi`));
const BRAND_3 = uniqueBy(split(`达:da 通:tong 科:ke 星:xing 云:yun 源:yuan 智:zhi 华:hua 维:wei 泰:tai 信:xin 安:an
  特:te 力:li 美:mei 德:de 和:he 新:xin 微:wei 创:chuang 盛:sheng 佳:jia 兴:xing 腾:teng 成:cheng 恒:heng 宏:hong
  聚:ju 远:yuan 致:zhi 芯:xin 联:lian`));

const PROVINCE_SHORT = {
  11: '北京', 12: '天津', 13: '河北', 14: '山西', 15: '内蒙古', 21: '辽宁', 22: '吉林', 23: '黑龙江', 31: '上海', 32: '江苏',
  33: '浙江', 34: '安徽', 35: '福建', 36: '江西', 37: '山东', 41: '河南', 42: '湖北', 43: '湖南', 44: '广东', 45: '广西',
  46: '海南', 50: '重庆', 51: '四川', 52: '贵州', 53: '云南', 54: '西藏', 61: '陕西', 62: '甘肃', 63: '青海', 64: '宁夏',
  65: '新疆',
};
// Where technology SMEs are: a rough share of filers per province.
const PROVINCE_WEIGHT = {
  44: 14, 32: 12, 33: 9, 37: 7, 11: 6, 31: 5, 34: 5, 42: 5, 51: 4, 43: 4, 41: 4, 35: 3.5, 13: 3, 61: 3, 12: 2.5,
  50: 2.5, 36: 2.5, 21: 2, 45: 1.2, 14: 1, 52: 1, 53: 1, 22: 1, 23: 1, 15: 0.7, 62: 0.5, 46: 0.5, 65: 0.5, 64: 0.3,
  63: 0.2, 54: 0.1,
};
const AREA_CODE = {
  11: '010', 12: '022', 13: '0311', 14: '0351', 15: '0471', 21: '024', 22: '0431', 23: '0451', 31: '021', 32: '025',
  33: '0571', 34: '0551', 35: '0591', 36: '0791', 37: '0531', 41: '0371', 42: '027', 43: '0731', 44: '020', 45: '0771',
  46: '0898', 50: '023', 51: '028', 52: '0851', 53: '0871', 54: '0891', 61: '029', 62: '0931', 63: '0971', 64: '0951',
  65: '0991',
};
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156',
  '157', '158', '159', '166', '173', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199'];
const ROAD_ROOTS = ['科技', '创新', '高新', '学府', '文化', '望江', '长江', '黄河', '人民', '建设', '解放', '中山', '工业',
  '金融', '软件园', '天府', '光谷', '华山', '湖滨', '滨江', '新华', '和平', '东风', '青年', '未来', '智慧', '产业', '经开', '明珠', '振兴'];
const ROAD_DIRS = ['', '', '东', '西', '南', '北', '一', '二', '三', '四', '五'];
const ROAD_SUFFIX = ['路', '路', '路', '大道', '街'];
const PARKS = ['科技园', '产业园', '创新中心', '孵化园', '智造园', '软件园', '创业园', '大厦', '科创中心'];

// Industry archetypes: the GB/T 4754 codes they take (division, group or class prefixes), how they name
// themselves and what they work on, and the ranges their figures come from.
//   revPerHead 万元 revenue per employee; rd R&D % of revenue; tech 科技人员 share; grad masters+doctors share
const ARCHETYPES = [
  { id: 'equipment', weight: 13, prefixes: ['34', '35'], exclude: ['358'], words: ['智能装备', '精密机械', '自动化设备', '机器人', '智能制造', '机械', '装备科技'],
    revPerHead: [45, 140], rd: [3.5, 8], tech: [0.15, 0.45], grad: [0.02, 0.15], tail: ['-tech.com', '.com.cn', '-robot.com', '.com'], std: 'JB/T',
    topics: ['高精度谐波减速器', '协作机器人关节模组', '五轴联动数控机床', '智能仓储物流装备', '激光切割成套装备', '工程机械电液控制系统', '锂电池极片涂布装备', '光伏组件自动化产线'] },
  { id: 'meddevice', weight: 4, prefixes: ['358', '277'], words: ['医疗器械', '医疗科技', '医疗设备', '生物医学'],
    revPerHead: [40, 150], rd: [6, 15], tech: [0.2, 0.5], grad: [0.08, 0.3], tail: ['-med.com', '.com.cn', 'med.cn'], std: 'YY/T',
    topics: ['高端医学影像设备', '微创手术器械', '体外诊断试剂与仪器', '可穿戴心电监测设备', '医用高分子耗材', '康复机器人'] },
  { id: 'electronics', weight: 11, prefixes: ['39'], words: ['电子', '光电', '微电子', '半导体', '通信技术', '电子科技', '芯片科技'],
    revPerHead: [50, 180], rd: [4, 12], tech: [0.2, 0.55], grad: [0.05, 0.3], tail: ['-semi.com', '.com.cn', '-tech.com', '.com'], std: 'SJ/T',
    topics: ['车规级功率半导体', '高速光通信模块', 'MEMS传感器芯片', '柔性显示驱动电路', '5G射频前端模组', '智能终端主板', '红外热成像芯片'] },
  { id: 'electrical', weight: 8, prefixes: ['38'], words: ['电气', '新能源', '储能科技', '电力设备', '能源科技', '电池科技'],
    revPerHead: [60, 200], rd: [3.5, 8], tech: [0.15, 0.4], grad: [0.03, 0.18], tail: ['-power.com', '.com.cn', '-energy.com'], std: 'DL/T',
    topics: ['储能变流器', '高压直流输电装备', '固态电池电芯', '永磁同步电机', '智能配电终端', '光伏逆变器'] },
  { id: 'instrument', weight: 5, prefixes: ['40'], words: ['仪器', '测控技术', '传感科技', '检测设备', '光学'],
    revPerHead: [35, 110], rd: [5, 12], tech: [0.25, 0.6], grad: [0.06, 0.28], tail: ['-instruments.com', '.com.cn', '-sensor.com'], std: 'JB/T',
    topics: ['在线气体分析仪', '工业CT检测装置', '高精度电子测量仪器', '光纤传感监测系统', '环境监测仪器', '智能计量表具'] },
  { id: 'pharma', weight: 5, prefixes: ['27'], exclude: ['277'], words: ['生物医药', '制药', '生物科技', '药业', '生物技术'],
    revPerHead: [50, 220], rd: [6, 18], tech: [0.25, 0.7], grad: [0.1, 0.45], tail: ['-bio.com', '-pharma.com', '.com.cn'], std: 'YY/T',
    topics: ['双特异性抗体药物', '小分子靶向抗肿瘤药物', '中药配方颗粒', '新型疫苗佐剂', '多肽原料药绿色合成', '细胞治疗产品'] },
  { id: 'materials', weight: 9, prefixes: ['26', '28', '29', '30', '32', '33'], words: ['新材料', '化工', '高分子材料', '材料科技', '精细化工', '复合材料'],
    revPerHead: [80, 300], rd: [3, 6], tech: [0.1, 0.3], grad: [0.02, 0.12], tail: ['-material.com', '.com.cn', '-chem.com'], std: 'HG/T',
    topics: ['高性能碳纤维复合材料', '电子级湿化学品', '可降解高分子材料', '锂电池隔膜', '高端铝合金型材', '特种陶瓷粉体', '水性工业涂料'] },
  { id: 'transport', weight: 5, prefixes: ['36', '37'], words: ['汽车零部件', '汽车电子', '航空科技', '动力科技', '车辆科技', '船舶科技'],
    revPerHead: [60, 220], rd: [3.5, 7], tech: [0.12, 0.35], grad: [0.03, 0.15], tail: ['-auto.com', '.com.cn', '-tech.com'], std: 'QC/T',
    topics: ['新能源汽车热管理系统', '汽车线控底盘', '轻量化车身结构件', '无人机飞控系统', '轨道交通制动部件', '船舶动力系统'] },
  { id: 'software', weight: 15, prefixes: ['65'], words: ['软件', '信息技术', '数字科技', '智能科技', '网络科技', '数据科技', '信息科技'],
    revPerHead: [20, 70], rd: [8, 25], tech: [0.45, 0.85], grad: [0.08, 0.4], tail: ['-soft.com', '.com', '.cn', 'cloud.cn', '-tech.com'], std: 'SJ/T',
    topics: ['工业互联网平台', '智慧政务大数据平台', '企业级低代码开发平台', '智能财税SaaS系统', '城市信息模型（CIM）平台', '网络安全态势感知系统', '医疗信息化系统'] },
  { id: 'internet', weight: 4, prefixes: ['63', '64'], words: ['网络科技', '互联网科技', '数据服务', '通信', '云计算'],
    revPerHead: [25, 90], rd: [6, 18], tech: [0.4, 0.8], grad: [0.06, 0.3], tail: ['-data.com', '.com', '.net.cn', '-cloud.com'], std: 'YD/T',
    topics: ['工业物联网数据采集服务', '边缘计算节点', '跨境电商数据服务', '云原生数据中台', '车联网通信服务'] },
  { id: 'rdservice', weight: 8, prefixes: ['73', '74', '75'], words: ['检测技术', '技术服务', '工程技术', '节能科技', '环境科技', '科技服务'],
    revPerHead: [18, 55], rd: [6, 20], tech: [0.4, 0.85], grad: [0.1, 0.45], tail: ['-test.com', '.com.cn', '-tech.cn'], std: 'RB/T',
    topics: ['第三方检测认证服务', '工业节能诊断技术', '水污染治理工程技术', '新材料中试验证', '航空部件测试', '增材制造技术服务', '科技成果转化服务'] },
  { id: 'agri', weight: 3, prefixes: ['01', '02', '03', '04', '05'], words: ['种业', '农业科技', '生态农业', '畜牧科技', '农业发展'],
    revPerHead: [40, 160], rd: [3, 9], tech: [0.12, 0.4], grad: [0.04, 0.2], tail: ['-seed.com', '-agri.com', '.com.cn'], std: 'NY/T',
    topics: ['杂交水稻新品种选育', '设施蔬菜种苗繁育', '生猪健康养殖', '水产良种繁育', '茶树良种繁育', '智慧农业装备应用'] },
  { id: 'light', weight: 5, prefixes: ['13', '14', '15', '17', '18', '19', '20', '21', '22', '23', '24', '41'], words: ['食品', '纺织科技', '家居', '包装科技', '实业', '生物科技'],
    revPerHead: [50, 180], rd: [2, 5], tech: [0.06, 0.2], grad: [0.01, 0.06], tail: ['.com', '.com.cn', '-group.com'], std: 'QB/T',
    topics: ['功能性食品配料', '低糖发酵乳制品', '智能家居定制', '功能性纺织面料', '绿色包装材料', '预制菜加工工艺'] },
  { id: 'environment', weight: 2, prefixes: ['77', '46', '42'], words: ['环保科技', '环境工程', '水务科技', '再生资源', '生态科技'],
    revPerHead: [40, 130], rd: [3, 8], tech: [0.2, 0.5], grad: [0.04, 0.2], tail: ['-env.com', '.com.cn'], std: 'HJ',
    topics: ['工业废水零排放', '固废资源化利用', '污染土壤修复', '废旧动力电池回收', '农村生活污水处理'] },
  { id: 'energy', weight: 1.5, prefixes: ['44', '45'], words: ['新能源', '能源科技', '电力科技', '热能科技'],
    revPerHead: [100, 400], rd: [2.5, 6], tech: [0.12, 0.35], grad: [0.03, 0.15], tail: ['-energy.com', '.com.cn'], std: 'NB/T',
    topics: ['分布式光伏电站运维', '生物质热电联产', '氢能制备与储运', '综合能源管理'] },
  { id: 'construction', weight: 1.5, prefixes: ['48', '49', '50'], words: ['建设工程', '建筑科技', '智能建造', '幕墙工程'],
    revPerHead: [60, 200], rd: [2, 5], tech: [0.1, 0.3], grad: [0.02, 0.1], tail: ['.com.cn', '-build.com'], std: 'JG/T',
    topics: ['装配式建筑构件', '智能建造BIM应用', '绿色建筑幕墙', '城市地下管网非开挖修复'] },
  { id: 'trade', weight: 1, prefixes: ['51'], words: ['科技', '供应链', '实业'],
    revPerHead: [150, 600], rd: [0.5, 3], tech: [0.05, 0.2], grad: [0.01, 0.08], tail: ['.com', '.com.cn'], std: 'SB/T',
    topics: ['工业品供应链数字化', '医疗器械流通追溯', '电子元器件分销', '冷链物流'] },
  { id: 'other', weight: 1.5, prefixes: [''], words: ['科技', '实业', '技术'],
    revPerHead: [25, 100], rd: [2, 8], tech: [0.1, 0.4], grad: [0.02, 0.12], tail: ['.com', '.com.cn', '.cn'], std: 'T/CAS',
    topics: ['数字化解决方案', '技术服务', '智能化改造'] },
];
const TECH_ARCHETYPES = new Set(['equipment', 'meddevice', 'electronics', 'electrical', 'instrument', 'pharma', 'software', 'internet', 'rdservice', 'transport']);
const GROUP_ORGS = ['ZJSIA', 'AHRA', 'CAMS', 'CSAE', 'CESA', 'CIAS', 'SZAS', 'JSQA', 'CMIF', 'CAIA', 'CSTM', 'GDSIA', 'SDAS', 'HBSIA', 'CASME'];

// The size bands a company is drawn from (employees in the latest year), before the statistical rule derives its scale.
const BANDS = [
  { id: 'micro', weight: 28, employees: [3, 19], founded: [2012, 2024] },
  { id: 'small', weight: 42, employees: [20, 199], founded: [2003, 2023] },
  { id: 'medium', weight: 21, employees: [200, 999], founded: [1996, 2020] },
  { id: 'large', weight: 9, employees: [1000, 6000], founded: [1993, 2016] },
];

// ---------------------------------------------------------------------------------------------------------------
// Code tables

function loadTables() {
  const read = (name) => JSON.parse(readFileSync(path.join(formsDir, name), 'utf8'));
  const regions = read('regions.json'), industries = read('industries.json');
  const banks = read('banks.json').banks;

  const provinces = [];
  for (const [code, name] of Object.entries(regions.provinces)) {
    const counties = [];
    for (const [county, countyName] of Object.entries(regions.counties)) {
      if (!county.startsWith(code)) continue;
      const zone = county[4] === '7';  // 经济技术开发区, 高新区 and other zones: xx xx 7x
      const weight = zone ? 3 : countyName.endsWith('区') ? 2 : countyName.endsWith('市') ? 1 : 0.35;
      counties.push({ code: county, name: countyName, weight });
    }
    provinces.push({ code, name, short: PROVINCE_SHORT[code], weight: PROVINCE_WEIGHT[code] ?? 0.2, counties });
  }
  const excludedSections = new Set(['J', 'K', 'S', 'T']);
  const classes = Object.entries(industries.classes)
    .filter(([cls]) => industries.groups[cls.slice(0, 3)] && industries.divisions[cls.slice(0, 2)])
    .map(([cls, name]) => ({ cls, name, section: industries.divisions[cls.slice(0, 2)].section }))
    .filter((c) => !excludedSections.has(c.section));
  const archetypes = ARCHETYPES.map((a) => ({
    ...a,
    classes: classes.filter((c) => a.prefixes.some((p) => c.cls.startsWith(p)) && !(a.exclude ?? []).some((p) => c.cls.startsWith(p))),
  }));
  for (const a of archetypes) if (!a.classes.length) throw new Error(`archetype ${a.id} has no industry class`);
  const bankWeight = { policy: 0.6, state: 3, 'joint-stock': 1.5 };
  return { regions, provinces, archetypes, banks: banks.map((b) => ({ ...b, weight: bankWeight[b.kind] ?? 1 })) };
}

// ---------------------------------------------------------------------------------------------------------------
// The plan: which category each file index gets. Computed identically by every worker.

function makePlan(seed, count, mixName) {
  const mix = MIXES[mixName];
  const categories = [];
  const pairs = count >= 8 ? mix.duplicatePairs : 0;
  for (const [category, share] of Object.entries(mix.shares)) {
    const n = Math.round(count * share);
    for (let i = 0; i < n && categories.length < count - 2 * pairs; i++) categories.push(category);
  }
  for (let i = 0; i < 2 * pairs; i++) categories.push('duplicate');
  while (categories.length < count) categories.push('clean');
  const r = new Rng(seed, 'plan', count, mixName);
  for (let i = categories.length - 1; i > 0; i--) {
    const j = Math.floor(r.float() * (i + 1));
    [categories[i], categories[j]] = [categories[j], categories[i]];
  }
  const companyOf = new Int32Array(count).map((_, i) => i);
  const duplicateOf = new Map();  // refiling index → first filing index
  const dupIndices = [];
  categories.forEach((c, i) => { if (c === 'duplicate') dupIndices.push(i); });
  for (let p = 0; p + 1 < dupIndices.length; p += 2) {
    const [first, again] = [dupIndices[p], dupIndices[p + 1]];
    companyOf[again] = first;
    duplicateOf.set(again, first);
  }
  return { categories, companyOf, duplicateOf };
}

function fileName(index, uscc) {
  return `${pad(index, 6)}-${uscc}.json`;
}

// ---------------------------------------------------------------------------------------------------------------
// Companies

class Generator {
  // engine: the bureau engine (cxjf-bureau.js): check characters, size classes, key IDs.
  constructor({ seed, count }, tables, engine) {
    this.engine = engine;
    this.seed = String(seed);
    this.count = count;
    this.t = tables;
    this.orgNew = affine(this.seed, 'org-new', 31 ** 6);
    this.orgOld = affine(this.seed, 'org-old', 10 ** 8);
    this.brandPerm = affine(this.seed, 'brand', Math.max(2, count));
    this.keyCache = new Map();
  }

  brand(companyId) {
    const x = this.brandPerm(companyId);
    const n1 = BRAND_1.length, n2 = BRAND_2.length;
    const a = BRAND_1[x % n1], b = BRAND_2[Math.floor(x / n1) % n2];
    if (x < n1 * n2) return { zh: a.zh + b.zh, py: a.py + b.py };
    const c = BRAND_3[Math.floor(x / (n1 * n2)) % BRAND_3.length];
    return { zh: a.zh + b.zh + c.zh, py: a.py + b.py + c.py };
  }

  person(r) {
    const s = r.pick(SURNAMES), g1 = r.pick(GIVEN);
    const two = r.chance(0.7), g2 = two ? r.pick(GIVEN) : null;
    return { zh: s.zh + g1.zh + (g2 ? g2.zh : ''), surname: s.py, given: g1.py + (g2 ? g2.py : ''),
      initials: g1.py[0] + (g2 ? g2.py[0] : '') };
  }

  company(companyId) {
    const r = new Rng(this.seed, 'company', companyId);
    const arch = r.weighted(this.t.archetypes);
    const cls = r.pick(arch.classes);
    const industryCode = cls.section + cls.cls;
    const province = r.weighted(this.t.provinces);
    const county = r.weighted(province.counties);
    const cityCode = county.code.slice(0, 4);
    const cityName = this.t.regions.cities[cityCode] ?? '';
    const municipality = ['11', '12', '31', '50'].includes(province.code);
    const prefectureCity = !municipality && cityName.endsWith('市') && !cityName.includes('直辖') ? cityName : null;
    const countyCity = !municipality && !prefectureCity && county.name.endsWith('市') ? county.name : null;  // 省直辖县级市
    const cityShort = (prefectureCity ?? countyCity)?.slice(0, -1) ?? null;
    const band = r.weighted(BANDS);
    const foundedYear = r.int(...band.founded);
    const establishedOn = randomDate(r, `${foundedYear}-01-04`, foundedYear === 2024 ? '2024-09-30' : `${foundedYear}-12-28`);

    const brand = this.brand(companyId);
    const listed = band.id === 'large' ? r.chance(0.55) : band.id === 'medium' ? r.chance(0.2) : band.id === 'small' ? r.chance(0.04) : false;
    const listing = !listed ? 'unlisted'
      : band.id === 'large' ? r.pick(['sse', 'szse', 'star', 'chinext', 'hkex', 'star', 'chinext'])
        : band.id === 'medium' ? r.pick(['neeq', 'bse', 'chinext', 'star', 'neeq']) : 'neeq';
    const corp = listing !== 'unlisted' || (band.id === 'large' && r.chance(0.5)) ? '股份有限公司' : '有限公司';
    const word = r.pick(arch.words);
    const lead = cityShort === null || municipality
      ? (r.chance(0.75) ? province.short : '')
      : r.weighted([{ v: cityShort, weight: 6 }, { v: prefectureCity ?? cityShort, weight: 1.5 }, { v: province.short, weight: 2 }, { v: '', weight: 0.8 }]).v;
    const name = lead + brand.zh + word + (word.endsWith('科技') || word.endsWith('技术') || r.chance(0.55) ? '' : '科技') + corp;

    // 统一社会信用代码: 91 + the registering authority's region + the organisation code + check character.
    const authority = r.chance(0.55) && (prefectureCity || municipality) ? `${cityCode}00` : county.code;
    let org;
    if (establishedOn >= '2015-10-01') {
      let x = this.orgNew(companyId), body = '';
      for (let i = 0; i < 6; i++) { body = USCC_CHARS[x % 31] + body; x = Math.floor(x / 31); }
      org = `MA${body}`;
    } else {
      org = pad(this.orgOld(companyId), 8);
    }
    const uscc17 = `91${authority}${org}${this.engine.orgCodeCheckChar(org)}`;
    const uscc = uscc17 + this.engine.usccCheckChar(uscc17);

    const zoneName = /高新|开发区|园区/.test(county.name) ? county.name : null;
    const highTechZone = zoneName ?? (cityShort && r.chance(0.3) ? `${cityShort}高新技术产业开发区` : null);
    const suffix = r.pick(ROAD_SUFFIX);
    const road = r.pick(ROAD_ROOTS) + (suffix === '路' ? r.pick(ROAD_DIRS) : '') + suffix;
    const building = r.weighted([
      { weight: 3, v: () => '' },
      { weight: 3, v: () => `${brand.zh}${r.pick(PARKS)}${r.int(1, 12)}号楼` },
      { weight: 2, v: () => `${r.pick(PARKS)}${r.pick(['A', 'B', 'C', 'D'])}座${r.int(2, 28)}${pad(r.int(1, 20), 2)}室` },
      { weight: 2, v: () => `${r.int(1, 9)}栋${r.int(1, 12)}层` },
    ]).v();
    const cityPart = prefectureCity && !county.name.startsWith(prefectureCity.slice(0, -1)) ? prefectureCity : '';
    const address = `${province.name}${cityPart}${county.name}${road}${r.int(1, 3999)}号${building}`;

    const legal = this.person(r);
    const contact = r.chance(0.45) ? legal : this.person(r);
    const domain = brand.py + r.pick(arch.tail);
    const local = r.weighted([
      { weight: 5, v: contact.surname + contact.given }, { weight: 2, v: contact.surname + contact.initials },
      { weight: 1, v: r.pick(['office', 'kjb', 'hr', 'ir', 'finance', 'admin']) },
    ]).v;
    const area = AREA_CODE[province.code];
    const phone = r.chance(0.6) ? `${area}-${r.int(area.length === 3 ? 2 : 3, 8)}${digits(r, area.length === 3 ? 7 : 6)}` : null;

    return {
      companyId, arch, cls, industryCode, province, county, cityShort, prefectureCity, band, establishedOn,
      foundedYear: +establishedOn.slice(0, 4), foundedMonth: +establishedOn.slice(5, 7), name, brand, uscc, listing,
      highTechZone, address, legal,
      contact: { name: contact.zh, mobile: r.pick(MOBILE_PREFIXES) + digits(r, 8), ...(phone ? { phone } : {}), email: `${local}@${domain}` },
      strategic: TECH_ARCHETYPES.has(arch.id) ? r.chance(0.7) : r.chance(0.2),
      // The filing's own dates: declared in May or June 2025, signed that day or the next.
      declaredOn: randomDate(r, '2025-05-06', '2025-06-20'),
    };
  }

  // Ed25519 key of a company (rotation 0) or its replacement (rotation 1), from the seed.
  key(companyId, rotation = 0) {
    const id = `${companyId}/${rotation}`;
    let k = this.keyCache.get(id);
    if (k) return k;
    const seed32 = createHash('sha256').update(`cxjf-generate/1\u0000key\u0000${this.seed}\u0000${companyId}\u0000${rotation}`).digest();
    let privateKey;
    try {  // raw seed as a JWK: ~10× faster than PKCS#8 in OpenSSL 3; the PKCS#8 DER form is the fallback
      privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: seed32.toString('base64url'), x: '' }, format: 'jwk' });
    } catch {
      privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed32]), format: 'der', type: 'pkcs8' });
    }
    const publicKey = Buffer.from(privateKey.export({ format: 'jwk' }).x, 'base64url');
    k = { privateKey, publicKey, keyId: this.engine.keyId(publicKey) };
    if (this.keyCache.size > 64) this.keyCache.clear();
    this.keyCache.set(id, k);
    return k;
  }

  // ---- the filing ---------------------------------------------------------------------------------------------

  // intent: { kind: 'clean' } or { kind: 'explained', rule }. Returns the filing object in the examples' order.
  filing(co, intent, attempt) {
    const r = new Rng(this.seed, 'figures', co.companyId, attempt);
    const A = co.arch;
    const explain = intent.kind === 'explained' ? intent.rule : null;

    // Latest-year headcount and level of activity.
    let [eLo, eHi] = co.band.employees;
    if (explain === 'R-QUAL-TECHSME-SIZE') [eLo, eHi] = [510, 760];
    const E = round(r.log(eLo, eHi + 0.99));
    let perHead = r.log(A.revPerHead[0], A.revPerHead[1]) * 10000;
    if (co.foundedYear >= 2022) perHead *= r.range(0.45, 0.9);
    const young = co.foundedYear >= 2020;
    const gRev = young ? [1.15, 2.1] : r.chance(0.15) ? [0.8, 1.0] : [0.95, 1.4];
    const level = { 2024: 1 };
    level[2023] = 1 / r.range(...gRev);
    level[2022] = level[2023] / r.range(...gRev);
    const headcount = { 2024: E };
    headcount[2023] = Math.max(2, round(E / r.range(young ? 1.05 : 0.95, young ? 1.6 : 1.2)));
    headcount[2022] = Math.max(2, round(headcount[2023] / r.range(young ? 1.05 : 0.95, young ? 1.6 : 1.2)));
    if (explain === 'R-FIN-UNIT-JUMP') level[2023] = level[2024] / r.range(11, 19);  // a first big contract in 2024

    // Company-level ratios, varied a little from year to year.
    const hte = co.foundedYear <= 2022 && (TECH_ARCHETYPES.has(A.id) ? r.chance(0.62) : r.chance(0.3));
    const ratio = {
      main: r.chance(0.25) ? 1 : r.range(0.93, 0.995),
      highTech: hte ? r.range(0.62, 0.95) : A.id === 'trade' ? r.range(0, 0.25) : r.range(0.15, 0.85),
      cost: r.chance(0.12) ? r.range(1.0, 1.12) : r.range(0.8, 0.97),
      rd: r.range(A.rd[0], A.rd[1]) / 100,
      domestic: r.chance(0.75) ? 1 : r.range(0.85, 0.99),
      tax: r.range(0.012, 0.06),
      assets: r.range(0.55, ['materials', 'energy', 'pharma'].includes(A.id) ? 3 : 2.1),
      lev: r.range(0.12, 0.72),
      tc: r.chance(0.45) ? 0 : r.range(0.01, ['rdservice', 'software'].includes(A.id) ? 0.45 : 0.2),
      tech: r.range(A.tech[0], A.tech[1]),
      rdOfTech: r.range(0.55, 0.95),
      grad: r.range(A.grad[0], A.grad[1]),
      doctorsOfGrad: r.range(0, 0.15),
      fresh: r.range(0.02, 0.14),
    };
    if (explain === 'R-FIN-RD-GT-REV') Object.assign(ratio, { rd: r.range(1.4, 6), cost: 1, main: 1, highTech: 1, tc: 1 });
    const fullRevenue = E * perHead;
    const equityYear = r.chance(young ? 0.35 : 0.12) ? r.int(2022, 2024) : 0;

    const annual = [];
    for (const year of [2022, 2023, 2024]) {
      const zero = { year, revenue: 0, mainBusinessRevenue: 0, highTechRevenue: 0, totalCostExpense: 0, rdExpense: 0, rdExpenseDomestic: 0,
        netProfit: 0, taxPaid: 0, totalAssets: 0, totalLiabilities: 0, techContractTurnover: 0, equityFinancing: 0,
        employees: 0, techStaff: 0, rdStaff: 0, masters: 0, doctors: 0, freshGraduates: 0 };
      if (year < co.foundedYear) { annual.push(zero); continue; }
      const partial = year === co.foundedYear ? Math.max(0.4, (13 - co.foundedMonth) / 12) : 1;
      const wobble = () => r.range(0.9, 1.1);
      const revenue = round(fullRevenue * level[year] * partial * wobble());
      const main = Math.min(revenue, round(revenue * ratio.main));
      const highTech = Math.min(main, round(main * clamp(ratio.highTech * r.range(0.96, 1.04), 0, 1)));
      let cost = round(revenue * ratio.cost * r.range(0.98, 1.02));
      let rd = round(revenue * ratio.rd * r.range(0.88, 1.12));
      if (explain === 'R-FIN-RD-GT-REV') cost = round(rd * r.range(1.08, 1.3));
      rd = Math.min(rd, round(cost * 0.95));
      const domestic = ratio.domestic === 1 ? rd : round(rd * ratio.domestic);
      let netProfit = round((revenue - cost) * r.range(0.75, 0.9) + revenue * r.range(-0.004, 0.01));
      if (netProfit >= revenue) netProfit = round(revenue * 0.3);
      const capital = fullRevenue * partial * Math.sqrt(level[year]);
      const totalAssets = round(Math.max(capital, revenue) * ratio.assets * r.range(0.93, 1.07) + 200000);
      const totalLiabilities = round(totalAssets * clamp(ratio.lev + r.range(-0.05, 0.05), 0.05, 0.9));
      const employees = year === 2024 ? E : Math.max(2, round(headcount[year] * (partial < 1 ? 0.75 : 1)));
      const techStaff = Math.max(1, round(employees * ratio.tech));
      const rdStaff = Math.max(1, Math.min(techStaff, round(techStaff * ratio.rdOfTech)));
      const grads = Math.min(employees, round(employees * ratio.grad * r.range(0.9, 1.1)));
      const doctors = round(grads * ratio.doctorsOfGrad);
      annual.push({
        year, revenue, mainBusinessRevenue: main, highTechRevenue: highTech, totalCostExpense: cost, rdExpense: rd,
        rdExpenseDomestic: domestic, netProfit, taxPaid: round(revenue * ratio.tax * r.range(0.9, 1.1)),
        totalAssets, totalLiabilities,
        techContractTurnover: Math.min(revenue, round(revenue * ratio.tc * r.range(0.85, 1.15))),
        equityFinancing: year === equityYear ? roundTo(r.log(2e6, Math.max(5e6, fullRevenue * 0.6)), 100000) : 0,
        employees, techStaff, rdStaff, masters: grads - doctors, doctors,
        freshGraduates: Math.min(employees, round(employees * ratio.fresh * r.range(0.7, 1.3))),
      });
    }
    const latest = annual[2];
    const active = annual.filter((a) => a.revenue > 0);

    // Explained warnings that need a figure bent.
    if (explain === 'R-FIN-INSOLVENT') {
      for (const a of active.slice(0, r.int(1, active.length))) a.totalLiabilities = round(a.totalAssets * r.range(1.03, 1.35));
    } else if (explain === 'R-FIN-PROFIT-GT-REV') {
      const a = r.pick(active);
      a.netProfit = round(a.revenue * r.range(1.1, 2.5)) + 1000000;
      a.totalAssets += a.netProfit;
    }

    // Qualifications
    const refDate = co.declaredOn;
    const rdInstitutions = [], awards = [], standards = [], projects = [];
    let highTechEnterprise = null;
    if (hte || explain === 'R-QUAL-HTE-EXPIRED') {
      // Certificates are issued in the autumn batches and valid for three years.
      const issueYear = explain === 'R-QUAL-HTE-EXPIRED' ? 2021 : Math.max(co.foundedYear + 1, r.pick([2022, 2023, 2024, 2024, 2023]));
      if (issueYear <= 2024) {
        const issuedOn = randomDate(r, `${issueYear}-10-09`, `${issueYear}-12-24`);
        highTechEnterprise = { certificateNo: `GR${issueYear}${co.province.code}${digits(r, 6)}`, issuedOn };
      }
    }
    const techSmeFits = latest.employees <= 500 && latest.revenue <= 2e8 && latest.totalAssets <= 2e8;
    let techSme = null;
    if ((techSmeFits && r.chance(0.55)) || explain === 'R-QUAL-TECHSME-SIZE') {
      const year = explain === 'R-QUAL-TECHSME-SIZE' ? 2024 : r.chance(0.75) ? 2025 : 2024;
      techSme = { registrationNo: `${year}${co.county.code}04${digits(r, 6)}`, year };
    }
    const bandRank = { micro: 0, small: 1, medium: 2, large: 3 }[co.band.id];
    const smeTier = co.band.id === 'large' ? 'none'
      : r.weighted([{ v: 'none', weight: 5 - bandRank }, { v: 'innovative', weight: 2 }, { v: 'specialized', weight: bandRank }, { v: 'little_giant', weight: bandRank * 0.4 }]).v;
    const topic = () => r.pick(A.topics);
    const since = (minYear) => randomDate(r, `${Math.max(minYear, co.foundedYear + 1)}-01-15`, refDate < '2025-04-30' ? refDate : '2025-04-30');
    // More and higher distinctions the larger and older the company.
    const mature = co.foundedYear <= 2020;
    const nInst = r.chance([0.15, 0.5, 0.8, 0.95][bandRank]) ? r.int(1, [1, 2, 3, 4][bandRank]) : 0;
    const cityLabel = co.prefectureCity ?? co.province.name;
    for (let i = 0; i < nInst && co.foundedYear <= 2023; i++) {
      const inst = !mature ? { level: 'municipal', kind: 'tech_center', name: `${cityLabel}企业技术中心` } : r.weighted([
        { weight: 3, v: () => ({ level: 'municipal', kind: 'tech_center', name: `${cityLabel}企业技术中心` }) },
        { weight: 2, v: () => ({ level: 'municipal', kind: 'engineering_center', name: `${cityLabel}${topic()}工程技术研究中心` }) },
        { weight: 2, v: () => ({ level: 'provincial', kind: 'engineering_center', name: `${co.province.name}${topic()}工程研究中心` }) },
        { weight: 1, v: () => ({ level: 'provincial', kind: 'tech_center', name: `${co.province.name}企业技术中心` }) },
        { weight: 0.8, v: () => ({ level: 'provincial', kind: 'key_lab', name: `${co.province.name}${topic()}重点实验室` }) },
        { weight: 0.6, v: () => ({ level: 'provincial', kind: 'academician_workstation', name: `${co.province.name}院士专家工作站` }) },
        { weight: 0.5, v: () => ({ level: 'provincial', kind: 'industrial_design_center', name: `${co.province.name}工业设计中心` }) },
        { weight: 0.4 * bandRank, v: () => ({ level: 'national', kind: 'postdoc_station', name: `${co.name}博士后科研工作站` }) },
        { weight: 0.3 * bandRank, v: () => ({ level: 'national', kind: 'tech_center', name: '国家企业技术中心' }) },
      ]).v();
      if (rdInstitutions.some((x) => x.name === inst.name)) continue;
      rdInstitutions.push({ ...inst, approvedOn: since(2012) });
    }
    const grade = ['一', '二', '三'];
    for (let i = 0, n = r.chance([0.02, 0.1, 0.3, 0.5][bandRank]) ? r.int(1, 2) : 0; i < n && co.foundedYear <= 2019; i++) {
      const national = bandRank >= 2 && r.chance(0.2);
      awards.push(national
        ? { level: 'national', name: `国家科学技术进步奖二等奖（${topic()}关键技术及产业化）`, year: r.int(2019, 2024), rank: r.int(1, 8) }
        : { level: 'provincial', name: `${co.province.name}科学技术奖科技进步奖${r.pick(grade)}等奖（${topic()}关键技术研究与应用）`, year: r.int(Math.max(2019, co.foundedYear + 2), 2024), rank: r.int(1, 10) });
    }
    for (let i = 0, n = r.chance([0.08, 0.25, 0.5, 0.75][bandRank]) ? r.int(1, [1, 2, 3, 4][bandRank]) : 0; i < n && co.foundedYear <= 2023; i++) {
      const year = r.chance(0.08) ? 2025 : r.int(Math.max(2019, co.foundedYear + 1), 2024);
      const level = r.weighted([{ v: 'group', weight: 4 }, { v: 'industry', weight: 2 }, { v: 'national', weight: 1 + bandRank * 0.5 },
        { v: 'local', weight: 1.5 }, { v: 'international', weight: bandRank >= 3 ? 0.5 : 0.05 }]).v;
      const code = level === 'group' ? `T/${r.pick(GROUP_ORGS)} ${pad(r.int(1, 160), 3)}-${year}`
        : level === 'industry' ? `${A.std} ${r.int(10000, 14999)}-${year}`
          : level === 'national' ? `GB/T ${r.int(38000, 45999)}-${year}`
            : level === 'local' ? `DB${co.province.code}/T ${r.int(1000, 4999)}-${year}` : `IEC ${r.int(60000, 63999)}:${year}`;
      standards.push({ level, role: r.chance(0.35) ? 'lead' : 'participant', code, year });
    }
    for (let i = 0, n = r.chance([0.05, 0.15, 0.35, 0.5][bandRank]) ? r.int(1, 2) : 0; i < n && co.foundedYear <= 2022; i++) {
      const national = bandRank >= 2 && r.chance(0.3);
      projects.push(national
        ? { level: 'national', name: `国家重点研发计划重点专项：${topic()}关键技术攻关`, year: r.int(2020, 2024), funding: roundTo(r.log(3e6, 3e7), 100000) }
        : { level: 'provincial', name: `${co.province.name}重点研发计划：${topic()}研发及产业化`, year: r.int(Math.max(2020, co.foundedYear + 1), 2024), funding: roundTo(r.log(3e5, 5e6), 50000) });
    }

    // Intellectual property in force.
    const rdPeople = Math.max(1, latest.rdStaff);
    const age = 2025 - co.foundedYear;
    const inv = round(rdPeople * r.log(0.03, 0.6) * Math.min(1, age / 6));
    const isSoft = ['software', 'internet', 'rdservice'].includes(A.id);
    const cls = co.cls.cls;
    const ip = {
      inventionPatents: inv,
      inventionPatentsHighValue: round(inv * r.range(0.15, 0.6)),
      inventionPatentsAcquired: round(inv * (r.chance(0.5) ? 0 : r.range(0, 0.3))),
      utilityModels: isSoft ? round(rdPeople * r.range(0, 0.15)) : round(rdPeople * r.log(0.1, 1.5) * Math.min(1, age / 5)),
      designs: isSoft || r.chance(0.5) ? 0 : r.int(0, Math.max(1, round(rdPeople * 0.15))),
      softwareCopyrights: isSoft ? round(rdPeople * r.range(0.3, 1.6)) + 1 : r.chance(0.5) ? 0 : r.int(0, Math.max(1, round(rdPeople * 0.3))),
      icLayouts: cls.startsWith('397') || cls === '6520' ? r.int(1, 30) : 0,
      plantVarieties: cls.startsWith('01') || cls.startsWith('051') ? r.int(1, 30) : 0,
      newDrugs: A.id === 'pharma' && r.chance(0.15) ? r.int(1, 3) : 0,
      pctApplications: inv > 0 && r.chance(0.15 + 0.15 * bandRank) ? r.int(1, Math.min(inv, 4 + 6 * bandRank)) : 0,
    };

    // Financing need
    const financing = { needsLoan: r.chance(0.45) };
    if (financing.needsLoan) {
      const agri = A.id === 'agri';
      const bankWeight = (b) => (b.id === 'adbc' ? (agri ? 4 : 0) : b.id === 'abc' && agri ? 8 : b.id === 'cdb' ? (bandRank >= 2 ? 1 : 0) : b.weight);
      const banks = this.t.banks.map((b) => ({ ...b, weight: bankWeight(b) }));
      const chosen = [];
      for (let i = 0, n = r.int(1, 4); i < n; i++) {
        const pool = banks.filter((b) => !chosen.includes(b.id));
        chosen.push(r.weighted(pool).id);
      }
      financing.loan = {
        amount: roundTo(clamp(Math.max(fullRevenue, 2e6) * r.range(0.05, 0.4), 5e5, 5e8), 100000),
        termMonths: r.pick([6, 12, 12, 12, 24, 36, 36, 60]),
        purpose: r.pick(isSoft
          ? [`${topic()}新版本研发，补充研发人员薪酬`, '补充日常经营流动资金', '采购服务器、存储及算力设备', `${topic()}项目实施垫资`, `扩建${topic()}交付团队`]
          : [`购置${topic()}生产及检测设备，扩大产能`, '补充研发投入及日常经营流动资金', `建设${topic()}中试线`,
            `${topic()}产业化项目建设`, '采购原材料，保障订单交付', `升级${topic()}研发测试平台`]),
        guarantee: r.weighted([{ v: 'credit', weight: 3.5 }, { v: 'collateral', weight: 3 }, { v: 'guarantee', weight: 2 }, { v: 'ip_pledge', weight: ip.inventionPatents > 0 ? 1.5 : 0 }]).v,
        preferredBanks: chosen,
      };
    }
    financing.needsEquity = r.chance(young ? 0.35 : 0.12);
    if (financing.needsEquity) financing.equity = { amount: roundTo(r.log(3e6, Math.max(1e7, fullRevenue * 1.5)), 1000000) };

    // Scale: the derived one, or (explained) the one a group subsidiary declares.
    const derived = this.engine.scaleOf({ industryCode: co.industryCode, employees: latest.employees, revenue: latest.revenue,
                                          mainBusinessRevenue: latest.mainBusinessRevenue ?? 0, totalAssets: latest.totalAssets });
    const tiers = ['micro', 'small', 'medium', 'large'];
    let scale = derived;
    if (explain === 'R-SCALE') {
      const i = tiers.indexOf(derived);
      scale = tiers[i === 3 ? 2 : i === 0 ? 1 : i + (r.chance(0.6) ? 1 : -1)];
    }
    const capitals = [1e6, 2e6, 3e6, 5e6, 1e7, 2e7, 3e7, 5e7, 8e7, 1e8, 2e8, 5e8];
    let registeredCapital = capitals[clamp(bandRank * 3 + r.int(-1, 3), 0, capitals.length - 1)];
    if (r.chance(0.15)) registeredCapital = roundTo(registeredCapital * r.range(1.05, 1.9), 1000);

    // USCC of a company that moved here from another province (explained R-ID-REGION-USCC).
    let uscc = co.uscc;
    if (explain === 'R-ID-REGION-USCC') {
      const other = r.weighted(this.t.provinces.filter((p) => p.code !== co.province.code));
      const org = uscc.slice(8, 17);
      const uscc17 = `91${other.code}0100${org}`;
      uscc = uscc17 + this.engine.usccCheckChar(uscc17);
      intent.movedFrom = other.name;
    }

    const filing = {
      schemaVersion: 'cxjf.filing/2025.1',
      filingYear: FILING_YEAR,
      enterprise: {
        name: co.name, uscc, regionCode: co.county.code, address: co.address, establishedOn: co.establishedOn,
        registeredCapital, industryCode: co.industryCode, scale, listing: co.listing, highTechZone: co.highTechZone,
        strategicEmergingIndustry: co.strategic, contact: co.contact,
      },
      qualifications: { highTechEnterprise, techSme, smeTier, rdInstitutions, awards, standards, projects },
      annual,
      ip,
      financing,
    };
    if (explain) filing.explanations = { [explain]: this.explanation(explain, co, filing, r, intent) };
    filing.declaration = { truthful: true, signatory: co.legal.zh, date: co.declaredOn };
    return filing;
  }

  explanation(rule, co, filing, r, intent) {
    const topic = r.pick(co.arch.topics);
    const tierZh = { micro: '微', small: '小', medium: '中', large: '大' };
    switch (rule) {
      case 'R-FIN-RD-GT-REV':
        return `本公司专注于${topic}研发，核心产品尚处于${r.pick(['临床试验', '样机验证', '中试', '客户验证'])}阶段，营业收入主要为对外技术服务收入；研发投入来源于股东增资和股权融资，故研发费用高于营业收入。`;
      case 'R-FIN-INSOLVENT':
        return `负债主要为股东借款和预收货款，股东已书面承诺不要求短期偿还；公司${r.pick(['已于2025年初完成增资', '订单充足、经营现金流为正', '正在引入战略投资'])}，持续经营不受影响。`;
      case 'R-FIN-PROFIT-GT-REV':
        return `当年净利润包含转让参股公司股权取得的投资收益${r.pick(['及政府补助', ''])}，该收益不计入营业收入，属非经常性损益。`;
      case 'R-FIN-UNIT-JUMP':
        return `公司2024年完成首批${topic}产品量产交付，营业收入及成本、资产随之大幅增长；各年度金额均以元为单位填报，经核对无误。`;
      case 'R-QUAL-HTE-EXPIRED':
        return `原高新技术企业证书已于2024年到期，公司已于${r.pick(['2024年6月', '2024年7月', '2025年5月'])}提交重新认定申请，目前尚在评审中。`;
      case 'R-QUAL-TECHSME-SIZE':
        return '本公司入库科技型中小企业时符合规模条件，2024年因业务扩张从业人员超出标准，已知悉下一年度不再申请入库。';
      case 'R-SCALE':
        return `本公司为集团控股子公司，按${r.pick(['集团合并口径', '统计部门年报确认的口径'])}申报为${tierZh[filing.enterprise.scale]}型企业。`;
      case 'R-ID-REGION-USCC':
        return `本公司于${r.int(2019, 2023)}年由${intent.movedFrom}整体迁入${co.province.name}，统一社会信用代码保持不变。`;
      default:
        return '经核实，数据填报无误。';
    }
  }
}
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

// Which explained warnings fit a company.
function explainedRuleFor(co, r) {
  const options = [
    { rule: 'R-FIN-INSOLVENT', weight: co.band.id === 'large' ? 0.3 : 3 },
    { rule: 'R-SCALE', weight: 2.5 },
    { rule: 'R-QUAL-HTE-EXPIRED', weight: co.foundedYear <= 2019 ? 2.5 : 0 },
    { rule: 'R-FIN-RD-GT-REV', weight: ['pharma', 'meddevice', 'electronics', 'software', 'rdservice'].includes(co.arch.id) && co.foundedYear >= 2012 ? 3 : 0.3 },
    { rule: 'R-FIN-UNIT-JUMP', weight: co.foundedYear <= 2022 && co.foundedYear >= 2016 ? 1.5 : 0 },
    { rule: 'R-FIN-PROFIT-GT-REV', weight: 0.7 },
    { rule: 'R-QUAL-TECHSME-SIZE', weight: co.band.id === 'medium' ? 2 : 0 },
    { rule: 'R-ID-REGION-USCC', weight: 1 },
  ];
  return r.weighted(options).rule;
}

// ---------------------------------------------------------------------------------------------------------------
// Mistakes

const clone = (x) => JSON.parse(JSON.stringify(x));

function renameKey(obj, from, to) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) out[k === from ? to : k] = v;
  return out;
}

const RULE_ERRORS = [
  { rule: 'R-STAFF-SUBSET', weight: 3, apply(f, r) { const a = f.annual[2]; a.rdStaff = a.employees + r.int(3, Math.max(6, round(a.employees * 0.6))); } },
  { rule: 'R-ID-USCC', weight: 3, apply(f, r) {
    const u = f.enterprise.uscc;
    let c = u[17];
    while (c === u[17]) c = r.pick(USCC_CHARS.split(''));
    f.enterprise.uscc = u.slice(0, 17) + c;
  } },
  { rule: 'R-FIN-RD-COST', weight: 1.5, apply(f, r) { const a = f.annual[2]; a.rdExpense = a.totalCostExpense + r.int(1000, 900000); } },
  { rule: 'R-FIN-RD-DOMESTIC', weight: 1, apply(f, r) { const a = f.annual[2]; a.rdExpenseDomestic = a.rdExpense + r.int(5000, 500000); } },
  { rule: 'R-FIN-REV-PARTS', weight: 1.5, apply(f) { const a = f.annual[2]; a.highTechRevenue = round(a.revenue * 1.13); } },  // entered with VAT
  { rule: 'R-LOAN', weight: 1.5, apply(f, r) {
    if (!f.financing.needsLoan) {
      const { needsEquity, equity } = f.financing;
      const loan = { amount: roundTo(r.log(1e6, 2e7), 100000), termMonths: 12, purpose: '补充日常经营流动资金', guarantee: 'credit', preferredBanks: ['icbc'] };
      f.financing = { needsLoan: true, loan, needsEquity, ...(equity ? { equity } : {}) };
    }
    const banks = f.financing.loan.preferredBanks;
    if (r.chance(0.5)) banks.push(r.pick(['hzbank', 'njcb', 'bjbank', 'shrcb', 'cqrcb', 'hsbank'])); else banks.push(banks[0]);
  } },
  { rule: 'R-QUAL-HTE-NO', weight: 1, apply(f, r, co) {
    const hte = f.qualifications.highTechEnterprise ?? { certificateNo: '', issuedOn: '2023-11-20' };
    const year = hte.issuedOn.slice(0, 4);
    hte.certificateNo = r.chance(0.5) ? `GR${year}${co.province.code}${digits(r, 5)}` : `GR${+year - 1}${co.province.code}${digits(r, 6)}`;
    f.qualifications.highTechEnterprise = hte;
  } },
  { rule: 'R-DECLARATION', weight: 1, apply(f) { f.declaration.truthful = false; } },
  { rule: 'R-YEARS', weight: 1, apply(f) { f.annual.forEach((a, i) => { a.year = 2021 + i; }); } },  // last year's form
  { rule: 'R-IP-SUBSET', weight: 1, apply(f, r) { f.ip.inventionPatentsHighValue = f.ip.inventionPatents + r.int(1, 5); } },
  { rule: 'R-ID-INDUSTRY', weight: 1, apply(f, r) {
    const code = f.enterprise.industryCode;
    let letter = code[0];
    while (letter === code[0]) letter = r.pick(['C', 'I', 'M', 'F', 'L']);
    f.enterprise.industryCode = letter + code.slice(1);
  } },
];

const SCHEMA_ERRORS = [
  { rule: 'S-UNKNOWN-FIELD', weight: 4, apply(f, r) {
    const [section, from, to] = r.pick([
      ['annual', 'mainBusinessRevenue', 'mainBussinessRevenue'], ['annual', 'rdExpense', 'rdExpence'], ['annual', 'totalAssets', 'totalAsset'],
      ['annual', 'employees', 'employee'], ['annual', 'techContractTurnover', 'techContractTurnOver'],
      ['enterprise', 'registeredCapital', 'registeredCapitial'], ['ip', 'softwareCopyrights', 'softwareCopyright'],
    ]);
    if (section === 'annual') { const i = r.int(0, 2); f.annual[i] = renameKey(f.annual[i], from, to); } else f[section] = renameKey(f[section], from, to);
  } },
  { rule: 'S-TYPE', weight: 4, apply(f, r) {
    const a = f.annual[r.int(0, 2)];
    const field = r.pick(['revenue', 'rdExpense', 'totalAssets', 'taxPaid']);
    const n = a[field];  // typed as "1,234,567" or as 万元 text "123.46"
    a[field] = r.chance(0.5) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : (n / 10000).toFixed(2);
  } },
  { rule: 'S-REQUIRED', weight: 2, apply(f, r) {
    if (f.enterprise.highTechZone === null && r.chance(0.6)) delete f.enterprise.highTechZone;
    else if (r.chance(0.5)) delete f.enterprise.contact.email;
    else delete f.declaration.signatory;
  } },
  { rule: 'S-ENUM', weight: 2, apply(f, r) {
    if (r.chance(0.5)) f.enterprise.scale = { micro: '微型', small: '小型', medium: '中型', large: '大型' }[f.enterprise.scale];
    else f.enterprise.listing = r.pick(['none', 'NEEQ', '新三板']);
  } },
  { rule: 'S-PATTERN', weight: 2, apply(f, r) {
    const m = f.enterprise.contact.mobile;
    if (r.chance(0.5)) f.enterprise.contact.mobile = `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`;
    else f.enterprise.establishedOn = f.enterprise.establishedOn.replaceAll('-', '/');
  } },
];

// Mistakes of the bytes (the file as saved or sent), with the J-* rule each must give.
const MALFORMATIONS = [
  { variant: 'truncated', rule: 'J-SYNTAX', weight: 3, apply(text, r) { return Buffer.from(text.slice(0, round(text.length * r.range(0.3, 0.9)))); } },
  { variant: 'duplicate-key', rule: 'J-DUPLICATE-KEY', weight: 3, apply(text, r) {
    const key = r.pick(['"revenue": ', '"scale": ', '"employees": ']);
    const at = text.indexOf(key);
    const lineStart = text.lastIndexOf('\n', at) + 1, lineEnd = text.indexOf('\n', at) + 1;
    const line = text.slice(lineStart, lineEnd);
    const edited = line.replace(/: (\d+)/, (_, n) => `: ${Number(n) + 1000}`).replace(/: "(\w+)"/, ': "small"');
    return Buffer.from(text.slice(0, lineStart) + edited + text.slice(lineStart));
  } },
  { variant: 'bom', rule: 'J-BOM', weight: 2, apply(text) { return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]); } },
  { variant: 'utf16', rule: 'J-BOM', weight: 1, apply(text) { return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]); } },
  { variant: 'gbk-bytes', rule: 'J-UTF8', weight: 1, apply(text) {  // the name partly re-saved as GBK
    const at = text.indexOf('"name": "') + 9;
    return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xba, 0xcf, 0xb7, 0xca]), Buffer.from(text.slice(at + 2))]);
  } },
  { variant: 'two-files', rule: 'J-TRAILING', weight: 1, apply(text) { return Buffer.from(text + text); } },
];

// ---------------------------------------------------------------------------------------------------------------
// One worker: files [from, to).

async function workerMain({ seed, count, mix, from, to, outDir, siteDir }) {
  const { loadEngine } = await import(pathToFileURL(path.join(siteDir, 'cxjf-bureau.js')).href);
  const engine = await loadEngine({ wasmBinary: readFileSync(path.join(siteDir, 'cxjf-bureau-engine.wasm')) });
  const version = engine.version();
  const tables = loadTables();
  const gen = new Generator({ seed, count }, tables, engine);
  const plan = makePlan(String(seed), count, mix);
  const filingsDir = path.join(outDir, 'filings');
  const stats = { attempts: 0 };
  let batch = [];

  const checkText = (text, checkDate) => engine.check(Buffer.from(text), { checkDate });
  const bare = (filing) => `${JSON.stringify(filing, null, 2)}\n`;

  // A filing of the company with the intended outcome, found by drawing figures again until the engine agrees.
  // Returns the filing, its text and the engine's result of it on checkDate.
  function goodFiling(co, intent, checkDate = co.declaredOn) {
    for (let attempt = 0; attempt < 40; attempt++) {
      stats.attempts += 1;
      const filing = gen.filing(co, { ...intent }, attempt);
      const text = bare(filing);
      const result = checkText(text, checkDate);
      const good = { filing, text, result, checkDate };
      if (intent.kind === 'clean' && result.status === 'ok' && result.issues.length === 0) return good;
      if (intent.kind === 'explained' && result.status === 'ok' && result.issues.length > 0 &&
          result.issues.every((i) => i.rule === intent.rule && i.explained === true)) return good;
    }
    throw new Error(`company ${co.companyId}: no ${intent.kind} ${intent.rule ?? ''} filing in 40 attempts`);
  }

  // The signed file of good.filing: the engine's envelope, the signed bytes it hands out signed here.
  function signedEnvelope(good, key, times, index) {
    const text = good.text ?? bare(good.filing);
    const prepared = engine.prepareEnvelope(Buffer.from(text), { publicKey: key.publicKey, signedAt: times.signedAt,
                                                                 checkedAt: times.checkedAt, checkDate: times.checkDate });
    if (!prepared.signable) {
      throw new Error(`file ${index}: not signable (${prepared.result.issues.map((i) => i.rule).join(', ')})`);
    }
    return engine.completeEnvelope(prepared.envelope, edSign(null, prepared.signedBytes, key.privateKey));
  }

  // Times of one file: the company's declaration date; signed that day or the next; a refiling days later.
  function timesOf(co, index, again) {
    const r = new Rng(seed, 'times', co.companyId);
    let day = dayOf(co.declaredOn) + (r.chance(0.3) ? 1 : 0);
    let seconds = r.int(8 * 3600 + 1800, 21 * 3600 + 59 * 60);
    if (again) {
      const r2 = new Rng(seed, 'times-again', index);
      day += r2.int(2, 9);
      seconds = r2.int(8 * 3600 + 1800, 21 * 3600 + 59 * 60);
    }
    const stamp = (s) => `${isoOf(day)}T${pad(Math.floor(s / 3600), 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}+08:00`;
    return { checkDate: isoOf(day), signedAt: stamp(seconds), checkedAt: stamp(seconds - 20 - (seconds % 97) * 3) };
  }

  for (let index = from; index < to; index++) {
    const category = plan.categories[index];
    const companyId = plan.companyOf[index];
    const co = gen.company(companyId);
    const r = new Rng(seed, 'file', index);
    const key = gen.key(companyId);
    const entry = { index, category, uscc: co.uscc };
    let bytes;

    if (category === 'clean' || category === 'key-changed' || category === 'tampered' || category === 'duplicate') {
      const again = plan.duplicateOf.has(index);
      const times = timesOf(co, index, again);
      const good = goodFiling(co, { kind: 'clean' }, times.checkDate);
      const { filing } = good;
      if (again) {
        good.text = good.result = null;  // the same company's second filing: one figure corrected
        const a = filing.annual[2];
        const field = r.pick(['taxPaid', 'techContractTurnover', 'netProfit']);
        a[field] = a[field] + (a[field] >= 0 ? 1 : -1) * Math.max(1000, round(Math.abs(a[field]) * r.range(0.005, 0.03)));
        if (a.techContractTurnover > a.revenue) a.techContractTurnover = a.revenue;
        entry.variant = `corrected annual[2].${field}`;
        entry.duplicateOf = fileName(plan.duplicateOf.get(index), co.uscc);
      }
      const signer = category === 'key-changed' ? gen.key(companyId, 1) : key;
      let text = signedEnvelope(good, signer, times, index);
      if (category === 'tampered') {
        const [field, nth] = r.pick([['rdExpense', 3], ['revenue', 3], ['inventionPatents', 1], ['employees', 3]]);
        let at = -1;
        for (let k = 0; k < nth; k++) at = text.indexOf(`"${field}": `, at + 1);
        const start = at + field.length + 4, end = text.indexOf(',', start);
        const old = Number(text.slice(start, end));
        const bumped = field === 'rdExpense' ? Math.min(round(old * r.range(1.1, 1.4)), filing.annual[2].totalCostExpense)
          : field === 'inventionPatents' ? old + r.int(1, 5) : round(old * r.range(1.05, 1.3)) + 1;
        text = text.slice(0, start) + String(bumped === old ? old + 1 : bumped) + text.slice(end);
        entry.variant = `${field} ${old} → ${text.slice(start, text.indexOf(',', start))}`;
        const started = engine.checkStart(Buffer.from(text), { checkDate: CHECK_DATE });
        engine.checkFinishTransport(started.id, '');  // (the pending check released)
        if (!started.verify) throw new Error(`file ${index}: tampered file not readable as an envelope`);
      }
      if (category === 'key-changed') entry.variant = `signed with ${signer.keyId}, registered ${key.keyId}`;
      bytes = text;
    } else if (category === 'explained') {
      const rule = explainedRuleFor(co, r);
      const times = timesOf(co, index, false);
      const good = goodFiling(co, { kind: 'explained', rule }, times.checkDate);
      entry.variant = rule;
      entry.uscc = good.filing.enterprise.uscc;
      bytes = signedEnvelope(good, key, times, index);
    } else if (category === 'unsigned') {
      bytes = goodFiling(co, { kind: 'clean' }).text;
    } else if (category === 'rule-error' || category === 'schema-error') {
      const base = goodFiling(co, { kind: 'clean' }).filing;
      const table = category === 'rule-error' ? RULE_ERRORS : SCHEMA_ERRORS;
      let done = false;
      for (let attempt = 0; attempt < 20 && !done; attempt++) {
        const mistake = r.weighted(table);
        const filing = clone(base);
        mistake.apply(filing, r, co);
        const text = bare(filing);
        const result = checkText(text, co.declaredOn);
        if (result.status === 'errors' && result.issues.some((i) => i.rule === mistake.rule && i.severity === 'error')) {
          entry.variant = mistake.rule;
          entry.rules = [mistake.rule];
          entry.uscc = typeof filing.enterprise.uscc === 'string' ? filing.enterprise.uscc : co.uscc;
          bytes = text;
          done = true;
        }
      }
      if (!done) throw new Error(`file ${index}: no ${category} found`);
    } else if (category === 'malformed') {
      const times = timesOf(co, index, false);
      const good = goodFiling(co, { kind: 'clean' }, times.checkDate);
      const text = r.chance(0.6) ? signedEnvelope(good, key, times, index) : good.text;
      const m = r.weighted(MALFORMATIONS);
      bytes = m.apply(text, r);
      const result = engine.check(bytes, { checkDate: CHECK_DATE });
      if (result.status !== 'unreadable' || !result.issues.some((i) => i.rule === m.rule)) {
        throw new Error(`file ${index}: ${m.variant} gave ${result.status} ${result.issues.map((i) => i.rule).join(', ')}`);
      }
      entry.variant = `${m.variant}${text.startsWith('{\n  "format"') ? ' (signed file)' : ''}`;
      entry.rules = [m.rule];
    } else {
      throw new Error(`unknown category ${category}`);
    }

    // The registry knows each company once, under the USCC it files with (a mistyped one is not that).
    if (!plan.duplicateOf.has(index)) entry.registry = { uscc: category === 'explained' ? entry.uscc : co.uscc, keyId: key.keyId };
    entry.file = fileName(index, entry.uscc);
    writeFileSync(path.join(filingsDir, entry.file), bytes);
    batch.push(entry);
    if (batch.length >= 500) { parentPort.postMessage({ type: 'batch', entries: batch }); batch = []; }
  }
  parentPort.postMessage({ type: 'batch', entries: batch });
  parentPort.postMessage({ type: 'done', stats, version });
}

// ---------------------------------------------------------------------------------------------------------------
// Main: arguments, workers, keys.json and manifest.json.

const EXPECT = {
  clean: { status: 'ok', signature: 'valid', rules: [] },
  duplicate: { status: 'ok', signature: 'valid', rules: [] },
  explained: { status: 'ok', signature: 'valid' },
  unsigned: { status: 'ok', signature: 'absent', rules: [] },
  'rule-error': { status: 'errors', signature: 'absent' },
  'schema-error': { status: 'errors', signature: 'absent' },
  malformed: { status: 'unreadable', signature: 'absent' },
  tampered: { status: 'warnings', signature: 'invalid', rules: ['E-SIGNATURE'] },
  'key-changed': { status: 'errors', signature: 'valid', rules: ['E-KEY-CHANGED'] },
};

const USAGE = `usage: node bench/generate.mjs --count N --seed S --out DIR [--mix default|clean] [--jobs N] [--force]
  --count N             number of files (1 to 10,000,000)
  --seed S              any text; the same seed and count give byte-identical output
  --out DIR             writes DIR/filings/*.json, DIR/keys.json, DIR/manifest.json
  --mix M               default (clean, explained, unsigned, rule/schema errors, malformed, tampered, re-keyed,
                        two duplicate pairs) or clean (all signed and valid)
  --jobs N              worker threads (default: the number of cores); the output does not depend on it
  --force               replace the files of an earlier run in DIR
  --site DIR            the built wasm engine (default build-wasm/site, or $CXJF_SITE_DIR)
`;

function parseArgs(argv) {
  const a = { mix: 'default', jobs: (os.availableParallelism?.() ?? os.cpus().length), force: false, siteDir: defaultSiteDir };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--count') a.count = Number(value());
    else if (arg === '--seed') a.seed = value();
    else if (arg === '--out') a.out = value();
    else if (arg === '--mix') a.mix = value();
    else if (arg === '--jobs') a.jobs = Number(value());
    else if (arg === '--site') a.siteDir = path.resolve(value());
    else if (arg === '--force') a.force = true;
    else if (arg === '--help' || arg === '-h') { process.stdout.write(USAGE); process.exit(0); }
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(a.count) || a.count < 1 || a.count > 1e7) throw new Error('--count must be an integer from 1 to 10,000,000');
  if (a.seed === undefined || a.seed === '') throw new Error('--seed is required');
  if (!a.out) throw new Error('--out is required');
  if (!MIXES[a.mix]) throw new Error(`--mix is ${Object.keys(MIXES).join(' or ')}`);
  if (!Number.isInteger(a.jobs) || a.jobs < 1 || a.jobs > 64) throw new Error('--jobs must be an integer from 1 to 64');
  return a;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`generate: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (!existsSync(path.join(args.siteDir, 'cxjf-bureau-engine.wasm'))) {
    process.stderr.write(`generate: no wasm engine in ${args.siteDir}: build it (emcmake cmake -S . -B build-wasm && cmake --build build-wasm) or set CXJF_SITE_DIR\n`);
    process.exit(2);
  }
  const started = process.hrtime.bigint();
  const outDir = path.resolve(args.out);
  const filingsDir = path.join(outDir, 'filings');
  if (existsSync(filingsDir) && readdirSync(filingsDir).length > 0) {
    if (!args.force) {
      process.stderr.write(`generate: ${filingsDir} is not empty (--force replaces an earlier run)\n`);
      process.exit(2);
    }
    for (const f of readdirSync(filingsDir)) if (f.endsWith('.json')) rmSync(path.join(filingsDir, f));
  }
  mkdirSync(filingsDir, { recursive: true });

  const jobs = Math.max(1, Math.min(args.jobs, Math.ceil(args.count / 50)));
  const entries = new Array(args.count);
  const totals = { attempts: 0 };
  let version;
  await Promise.all(Array.from({ length: jobs }, (_, w) => new Promise((resolve, reject) => {
    const from = Math.floor((args.count * w) / jobs), to = Math.floor((args.count * (w + 1)) / jobs);
    const worker = new Worker(fileURLToPath(import.meta.url), {
      workerData: { seed: String(args.seed), count: args.count, mix: args.mix, from, to, outDir, siteDir: args.siteDir },
    });
    worker.on('message', (m) => {
      if (m.type === 'batch') for (const e of m.entries) entries[e.index] = e;
      else if (m.type === 'done') {
        for (const k of Object.keys(totals)) totals[k] += m.stats[k];
        version = m.version;
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${w} exited with ${code}`))));
  })));

  // keys.json: every company's registered key, in file order.
  const keyLines = entries.filter((e) => e.registry).map((e) => `  ${JSON.stringify(e.registry)}`);
  writeFileSync(path.join(outDir, 'keys.json'), `{"format": "cxjf.keys/1", "keys": [\n${keyLines.join(',\n')}\n]}\n`);

  // manifest.json
  const categories = {};
  for (const e of entries) categories[e.category] = (categories[e.category] ?? 0) + 1;
  const files = entries.map((e) => {
    const expect = { ...EXPECT[e.category] };
    if (!expect.rules) expect.rules = e.category === 'explained' ? [e.variant] : e.rules;
    const out = { file: `filings/${e.file}`, category: e.category, uscc: e.uscc, expect };
    if (e.variant) out.variant = e.variant;
    if (e.duplicateOf) out.duplicateOf = `filings/${e.duplicateOf}`;
    return `    ${JSON.stringify(out)}`;
  });
  const mix = MIXES[args.mix];
  const head = {
    format: 'cxjf.generated/1',
    generator: 'bench/generate.mjs',
    seed: String(args.seed),
    count: args.count,
    mix: { name: args.mix, shares: mix.shares, duplicatePairs: args.count >= 8 ? mix.duplicatePairs : 0, rest: 'clean' },
    engine: version,
    checkDate: CHECK_DATE,
    check: `cxjf check --check-date ${CHECK_DATE} --keys keys.json filings`,
    keys: 'keys.json',
    categories,
    expectations: 'status and signature.status as cxjf check --keys keys.json reports them; rules: rule IDs that must be among the file\'s issues (clean, duplicate and unsigned files have none)',
  };
  const headText = JSON.stringify(head, null, 2);
  writeFileSync(path.join(outDir, 'manifest.json'), `${headText.slice(0, -2)},\n  "files": [\n${files.join(',\n')}\n  ]\n}\n`);

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const summary = Object.entries(categories).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  process.stdout.write(`generated ${args.count} files in ${seconds.toFixed(1)} s (${Math.round(args.count / seconds)} files/s, ${jobs} worker${jobs > 1 ? 's' : ''}) → ${outDir}\n` +
    `  ${summary}\n  figure draws ${totals.attempts}\n`);
}

if (isMainThread) {
  main().catch((e) => {
    process.stderr.write(`generate: ${e.stack ?? e}\n`);
    process.exit(1);
  });
} else {
  workerMain(workerData).catch((e) => {
    process.stderr.write(`generate (worker): ${e.stack ?? e}\n`);
    process.exit(1);
  });
}
