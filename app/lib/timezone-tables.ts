// The tables behind app/lib/timezones.ts: US states, ZIP prefixes and telephone area codes
// → IANA time zones. Places that span two zones list both, so the caller can take only the
// hours that are fine in each (the conservative reading of the rule).
const ET = "America/New_York";
const CT = "America/Chicago";
const MT = "America/Denver";
const AZ = "America/Phoenix";
const PT = "America/Los_Angeles";
const AK = "America/Anchorage";
const HI = "Pacific/Honolulu";
const IN = "America/Indiana/Indianapolis";
const DET = "America/Detroit";
const BOI = "America/Boise";
const MEN = "America/Menominee";
const PR = "America/Puerto_Rico";

/** When nothing is known: the contiguous US, so only 11:00–21:00 Eastern is allowed. */
export const FALLBACK_ZONES: readonly string[] = [ET, CT, MT, PT];

/** State (or territory) → its zones, the main one first. */
export const STATE_ZONES: Readonly<Record<string, readonly string[]>> = {
  AL: [CT],
  AK: [AK],
  AZ: [AZ],
  AR: [CT],
  CA: [PT],
  CO: [MT],
  CT: [ET],
  DE: [ET],
  DC: [ET],
  FL: [ET, CT],
  GA: [ET],
  HI: [HI],
  ID: [BOI, PT],
  IL: [CT],
  IN: [IN, CT],
  IA: [CT],
  KS: [CT, MT],
  KY: [ET, CT],
  LA: [CT],
  ME: [ET],
  MD: [ET],
  MA: [ET],
  MI: [DET, MEN],
  MN: [CT],
  MS: [CT],
  MO: [CT],
  MT: [MT],
  NE: [CT, MT],
  NV: [PT],
  NH: [ET],
  NJ: [ET],
  NM: [MT],
  NY: [ET],
  NC: [ET],
  ND: [CT, MT],
  OH: [ET],
  OK: [CT],
  OR: [PT, BOI],
  PA: [ET],
  RI: [ET],
  SC: [ET],
  SD: [CT, MT],
  TN: [CT, ET],
  TX: [CT, MT],
  UT: [MT],
  VT: [ET],
  VA: [ET],
  WA: [PT],
  WV: [ET],
  WI: [CT],
  WY: [MT],
  PR: [PR],
  VI: ["America/St_Thomas"],
  GU: ["Pacific/Guam"],
  AS: ["Pacific/Pago_Pago"],
  MP: ["Pacific/Saipan"],
};

/** ZIP prefixes (first 3 digits) in split states that are not in the state's main zone. */
export const ZIP3_ZONES: Readonly<Record<string, readonly string[]>> = {
  // Texas: El Paso and Hudspeth are Mountain.
  "798": [MT],
  "799": [MT],
  "885": [MT],
  // Florida panhandle west of the Apalachicola is Central.
  "324": [CT],
  "325": [CT],
  // North Idaho is Pacific.
  "835": [PT],
  "838": [PT],
  // Malheur County, Oregon, is Mountain.
  "979": [BOI],
  // North-west (Gary) and south-west (Evansville) Indiana are Central.
  "463": [CT],
  "464": [CT],
  "476": [CT],
  "477": [CT],
  // Western Kentucky is Central.
  "420": [CT],
  "421": [CT],
  "422": [CT],
  "423": [CT],
  "424": [CT],
  // Michigan's Upper Peninsula border counties are Central.
  "498": [DET, MEN],
  "499": [DET, MEN],
  // East Tennessee (Chattanooga, Knoxville, Tri-Cities) is Eastern.
  "373": [ET],
  "374": [ET],
  "376": [ET],
  "377": [ET],
  "378": [ET],
  "379": [ET],
  // Western Kansas, Nebraska and the Dakotas: partly Mountain.
  "677": [CT, MT],
  "678": [CT, MT],
  "679": [CT, MT],
  "691": [CT, MT],
  "692": [CT, MT],
  "693": [MT],
  "586": [MT],
  "577": [MT],
};

/** ZIP prefix ranges → state, for an address without a state. */
export const ZIP3_STATES: readonly [number, number, string][] = [
  [5, 5, "NY"],
  [6, 7, "PR"],
  [8, 8, "VI"],
  [9, 9, "PR"],
  [10, 27, "MA"],
  [28, 29, "RI"],
  [30, 38, "NH"],
  [39, 49, "ME"],
  [50, 54, "VT"],
  [55, 55, "MA"],
  [56, 59, "VT"],
  [60, 69, "CT"],
  [70, 89, "NJ"],
  [100, 149, "NY"],
  [150, 196, "PA"],
  [197, 199, "DE"],
  [200, 200, "DC"],
  [201, 201, "VA"],
  [202, 205, "DC"],
  [206, 219, "MD"],
  [220, 246, "VA"],
  [247, 268, "WV"],
  [270, 289, "NC"],
  [290, 299, "SC"],
  [300, 319, "GA"],
  [320, 349, "FL"],
  [350, 369, "AL"],
  [370, 385, "TN"],
  [386, 397, "MS"],
  [398, 399, "GA"],
  [400, 427, "KY"],
  [430, 459, "OH"],
  [460, 479, "IN"],
  [480, 499, "MI"],
  [500, 528, "IA"],
  [530, 549, "WI"],
  [550, 567, "MN"],
  [569, 569, "DC"],
  [570, 577, "SD"],
  [580, 588, "ND"],
  [590, 599, "MT"],
  [600, 629, "IL"],
  [630, 658, "MO"],
  [660, 679, "KS"],
  [680, 693, "NE"],
  [700, 714, "LA"],
  [716, 729, "AR"],
  [730, 749, "OK"],
  [750, 799, "TX"],
  [800, 816, "CO"],
  [820, 831, "WY"],
  [832, 838, "ID"],
  [840, 847, "UT"],
  [850, 865, "AZ"],
  [870, 884, "NM"],
  [885, 885, "TX"],
  [889, 898, "NV"],
  [900, 961, "CA"],
  [967, 968, "HI"],
  [969, 969, "GU"],
  [970, 979, "OR"],
  [980, 994, "WA"],
  [995, 999, "AK"],
];

const AREA_CODES_BY_ZONE: Readonly<Record<string, readonly number[]>> = {
  [ET]: [
    // CT DE DC GA
    203, 475, 860, 959, 302, 202, 771, 229, 404, 470, 478, 678, 706, 762, 770, 912, 943,
    // FL (peninsula)
    239, 305, 321, 324, 352, 386, 407, 561, 645, 656, 689, 727, 754, 772, 786, 813, 863, 904, 941,
    954,
    // KY (east) ME MD MA
    502, 606, 859, 207, 227, 240, 301, 410, 443, 667, 339, 351, 413, 508, 617, 774, 781, 857, 978,
    // NH NJ
    603, 201, 551, 609, 640, 732, 848, 856, 862, 908, 973,
    // NY
    212, 315, 329, 332, 347, 363, 516, 518, 585, 607, 624, 631, 646, 680, 716, 718, 838, 845, 914,
    917, 929, 934,
    // NC
    252, 336, 472, 704, 743, 828, 910, 919, 980, 984,
    // OH
    216, 220, 234, 326, 330, 380, 419, 440, 513, 567, 614, 740, 937,
    // PA
    215, 223, 267, 272, 412, 445, 484, 570, 582, 610, 717, 724, 814, 835, 878,
    // RI SC TN (east) VT
    401, 803, 839, 843, 854, 864, 423, 865, 802,
    // VA WV
    276, 434, 540, 571, 703, 757, 804, 826, 948, 304, 681,
  ],
  [IN]: [260, 317, 463, 574, 765],
  [DET]: [231, 248, 269, 313, 517, 586, 616, 679, 734, 810, 947, 989],
  [CT]: [
    // AL AR
    205, 251, 256, 334, 659, 938, 327, 479, 501, 870,
    // IL
    217, 224, 309, 312, 331, 447, 464, 618, 630, 708, 730, 773, 779, 815, 847, 861, 872,
    // IN (north-west) IA KS KY (west)
    219, 319, 515, 563, 641, 712, 316, 620, 785, 913,
    // LA MN MS
    225, 318, 337, 504, 985, 218, 320, 507, 612, 651, 763, 924, 952, 228, 601, 662, 769,
    // MO NE (east) OK
    314, 417, 557, 573, 636, 660, 816, 975, 402, 531, 405, 539, 572, 580, 918,
    // TN (middle and west)
    615, 629, 731, 901,
    // TX
    210, 214, 254, 281, 325, 346, 361, 409, 430, 432, 469, 512, 682, 713, 726, 737, 806, 817, 830,
    832, 903, 936, 940, 945, 956, 972, 979,
    // WI
    262, 274, 353, 414, 534, 608, 715, 920,
  ],
  [MT]: [303, 719, 720, 970, 983, 406, 505, 575, 385, 435, 801, 307, 915],
  [AZ]: [480, 520, 602, 623, 928],
  [PT]: [
    // CA
    209, 213, 279, 310, 323, 341, 350, 408, 415, 424, 442, 510, 530, 559, 562, 619, 626, 628, 650,
    657, 661, 669, 707, 714, 747, 760, 805, 818, 820, 831, 840, 858, 909, 916, 925, 949, 951,
    // NV OR WA
    702, 725, 775, 458, 503, 541, 971, 206, 253, 360, 425, 509, 564,
  ],
  [AK]: [907],
  [HI]: [808],
  [PR]: [787, 939],
};

/** Area codes that span two zones. */
const SPLIT_AREA_CODES: Readonly<Record<number, readonly string[]>> = {
  208: [BOI, PT],
  986: [BOI, PT], // Idaho
  270: [CT, ET],
  364: [CT, ET], // western Kentucky
  812: [IN, CT],
  930: [IN, CT], // southern Indiana
  850: [CT, ET],
  448: [CT, ET], // Florida panhandle
  931: [CT, ET], // middle Tennessee
  308: [CT, MT], // western Nebraska
  605: [CT, MT], // South Dakota
  701: [CT, MT], // North Dakota
  906: [DET, MEN], // Upper Peninsula
};

/** Area code → its zones (one, or both for the split codes). */
export const AREA_CODE_ZONES: ReadonlyMap<number, readonly string[]> = (() => {
  const map = new Map<number, readonly string[]>();
  for (const [zone, codes] of Object.entries(AREA_CODES_BY_ZONE)) {
    for (const code of codes) map.set(code, [zone]);
  }
  for (const [code, zones] of Object.entries(SPLIT_AREA_CODES)) map.set(Number(code), zones);
  return map;
})();
