/** A US city with the ZIP range and area codes it uses and a population weight (thousands). */
export interface CityEntry {
  readonly city: string;
  readonly state: string;
  readonly zipStart: number;
  readonly zipCount: number;
  readonly areaCodes: readonly string[];
  readonly population: number;
}

const ROWS = `
New York|NY|10001|280|212,646,917,332|8300
Los Angeles|CA|90001|90|213,310,323,424|3900
Chicago|IL|60601|60|312,773,872|2700
Houston|TX|77001|99|713,281,832,346|2300
Phoenix|AZ|85001|55|602,480,623|1600
Philadelphia|PA|19102|53|215,267,445|1600
San Antonio|TX|78201|60|210,726|1450
San Diego|CA|92101|60|619,858|1390
Dallas|TX|75201|55|214,469,972|1300
San Jose|CA|95110|50|408,669|1000
Austin|TX|78701|60|512,737|960
Jacksonville|FL|32202|60|904|950
Fort Worth|TX|76101|80|817,682|920
Columbus|OH|43201|35|614,380|900
Charlotte|NC|28202|76|704,980|880
Indianapolis|IN|46201|60|317,463|880
San Francisco|CA|94102|33|415,628|815
Seattle|WA|98101|98|206|740
Denver|CO|80202|50|303,720|715
Washington|DC|20001|60|202|690
Nashville|TN|37201|40|615,629|690
Oklahoma City|OK|73101|70|405,572|680
El Paso|TX|79901|36|915|680
Boston|MA|02108|30|617,857|650
Portland|OR|97201|30|503,971|640
Las Vegas|NV|89101|60|702,725|640
Detroit|MI|48201|40|313|630
Memphis|TN|38103|35|901|630
Louisville|KY|40202|80|502|620
Baltimore|MD|21201|40|410,443,667|580
Milwaukee|WI|53202|30|414|570
Albuquerque|NM|87101|24|505|560
Tucson|AZ|85701|55|520|540
Fresno|CA|93701|30|559|540
Sacramento|CA|95814|30|916,279|525
Kansas City|MO|64101|60|816,975|510
Mesa|AZ|85201|15|480|500
Atlanta|GA|30303|60|404,470,678,770|500
Omaha|NE|68102|40|402,531|485
Colorado Springs|CO|80903|25|719|480
Raleigh|NC|27601|15|919,984|470
Long Beach|CA|90802|14|562|460
Virginia Beach|VA|23451|15|757|460
Miami|FL|33125|60|305,786|450
Oakland|CA|94601|20|510,341|430
Minneapolis|MN|55401|30|612|425
Tulsa|OK|74103|40|918,539|410
Bakersfield|CA|93301|13|661|400
Tampa|FL|33602|30|813,656|400
Arlington|TX|76001|20|817,682|395
New Orleans|LA|70112|20|504|380
Wichita|KS|67202|30|316|395
Cleveland|OH|44102|28|216|370
Aurora|CO|80010|30|303,720|390
Anaheim|CA|92801|8|714,657|345
Honolulu|HI|96813|13|808|345
Santa Ana|CA|92701|7|714,657|310
Riverside|CA|92501|8|951|315
Corpus Christi|TX|78401|15|361|315
Lexington|KY|40502|15|859|320
St. Louis|MO|63101|40|314,557|300
Pittsburgh|PA|15201|35|412,878|300
Anchorage|AK|99501|15|907|290
Cincinnati|OH|45202|50|513|310
St. Paul|MN|55101|20|651|310
Greensboro|NC|27401|20|336,743|300
Newark|NJ|07102|12|973,862|310
Plano|TX|75023|10|469,972|285
Henderson|NV|89002|50|702,725|320
Orlando|FL|32801|40|407,689,321|310
Jersey City|NJ|07302|8|201,551|290
Lincoln|NE|68502|25|402,531|290
Madison|WI|53703|15|608|270
Buffalo|NY|14201|25|716|275
Durham|NC|27701|14|919,984|285
Chandler|AZ|85224|25|480|280
St. Petersburg|FL|33701|15|727|260
Boise|ID|83702|15|208,986|235
Richmond|VA|23219|20|804|230
Spokane|WA|99201|25|509|230
Des Moines|IA|50309|30|515|215
Salt Lake City|UT|84101|20|801,385|200
Birmingham|AL|35203|40|205,659|200
Rochester|NY|14604|20|585|210
Providence|RI|02903|6|401|190
Hartford|CT|06103|12|860,959|120
Little Rock|AR|72201|20|501|200
Charleston|SC|29401|15|843,854|150
Portland|ME|04101|8|207|68
Burlington|VT|05401|8|802|45
Manchester|NH|03101|8|603|115
Wilmington|DE|19801|10|302|70
Cambridge|MA|02138|5|617,857|118
Ann Arbor|MI|48103|6|734|123
Palo Alto|CA|94301|4|650|68
Scottsdale|AZ|85250|12|480|240
Fort Lauderdale|FL|33301|30|954,754|180
Savannah|GA|31401|20|912|148
Knoxville|TN|37902|30|865|190
Jackson|MS|39201|15|601,769|150
Billings|MT|59101|5|406|117
Fargo|ND|58102|4|701|125
Sioux Falls|SD|57103|5|605|190
Cheyenne|WY|82001|6|307|65
Charleston|WV|25301|15|304,681|48
Springfield|IL|62701|10|217,447|115
Springfield|MO|65802|6|417|170
Springfield|MA|01103|7|413|155
`
  .trim()
  .split('\n');

/** ~110 US cities with their states, ZIP ranges and area codes. */
export const CITIES: readonly CityEntry[] = ROWS.map((row) => {
  const [city = '', state = '', zip = '0', count = '1', codes = '', population = '1'] = row.split('|');
  return {
    city,
    state,
    zipStart: Number(zip),
    zipCount: Number(count),
    areaCodes: codes.split(','),
    population: Number(population),
  };
});

/** Full state names by postal abbreviation. */
export const STATE_NAMES: Readonly<Record<string, string>> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
};
