/** Legal-form families; each has several spellings a CRM ends up holding. */
export type LegalForm = 'inc' | 'llc' | 'corp' | 'ltd' | 'co' | 'group' | 'none';

export interface CompanyEntry {
  /** Brand name without legal suffix, e.g. "Acme". */
  readonly name: string;
  readonly legalForm: LegalForm;
  /** Email and web domain, e.g. "acme.com". */
  readonly domain: string;
}

/** Fictional company brand names, most frequently seen in a CRM first. */
const NAMES: readonly string[] = `
Acme|Globex|Initech|Northwind Traders|Contoso|Fabrikam|Tailspin Toys|Wide World Importers|Adventure Works|Litware
Proseware|Woodgrove Bank|Blue Yonder Airlines|Coho Winery|Alpine Ski House|Fourth Coffee|Margie's Travel|Lucerne Publishing
Wingtip Toys|Trey Research|Humongous Insurance|Graphic Design Institute|Southridge Video|Tasmanian Traders|Vandelay Industries
Stark Logistics|Wayne Analytics|Hooli|Pied Piper|Massive Dynamic|Soylent|Cyberdyne Systems|Tyrell|Wonka Foods|Gringotts Capital
Oscorp|Aperture Labs|Black Mesa Research|Vault-Tec|Dunder Mifflin|Sterling Cooper|Prestige Worldwide|Bluth Company|Los Pollos Hermanos
Brightline Analytics|Cedar Ridge Health|Summit Logistics|Harbor Point Capital|Ironwood Software|Blue Heron Dental|Redwood Biotech
Silver Creek Partners|Granite State Builders|Pinnacle Staffing|Keystone Freight|Lighthouse Marketing|Meridian Health Systems
Northstar Robotics|Evergreen Landscaping|Crescent Bay Realty|Copperleaf Design|Falcon Ridge Security|Bluewater Marine
Oakhurst Insurance|Riverbend Medical|Stonebridge Consulting|Sunrise Senior Living|Horizon Cloud|Quantum Leap Labs
Vertex Payments|Catalyst Learning|Beacon Hill Advisors|Maple Leaf Bakery|Clearwater Analytics|Fairview Electric|Goldfinch Media
Trailhead Outfitters|Urban Roots Grocery|Westfield Plumbing|Atlas Cold Storage|Bright Path Tutoring|Cobalt Networks|Driftwood Hotels
Elm Street Pediatrics|Foxglove Cosmetics|Greenfield Ag Supply|Highland Brewing|Indigo Apparel|Juniper Dental Group|Kestrel Aerospace
Lakeside Auto Repair|Mosaic Health|Nimbus Data|Orchard Valley Farms|Pacific Rim Imports|Quarry Stone Works|Ridgeline Outdoor
Sapphire Events|Timberline Construction|Unity Home Care|Velocity Fitness|Willow Creek Vineyards|Yellowstone Tours|Zenith Solar
Amberjack Seafood|Bayside Physical Therapy|Canyon Creek Wealth|Dovetail Carpentry|Eastgate Pharmacy|Firefly Studios|Gatehouse Legal
Hollowbrook Veterinary|Ivy League Tutors|Jade Garden Catering|Kingfisher Pools|Larkspur Florals|Monarch Print|Nautilus Diving
Obsidian Security|Paragon Title|Quill & Ink|Rosewood Senior Care|Saltbox Design|Tidewater Bank|Upland Energy|Vanguard Movers
Waypoint Navigation|Xenon Lighting|Yardley Home Goods|Zephyr Airlines|Arcadia Health|Bramble & Thorn|Cardinal Roofing
Delta Springs Water|Emberline Foods|Fernwood Property|Gull Harbor Marina|Heartland Credit Union|Iron Horse Rail|Jetstream Courier
Keel Boatworks|Lumen Optics|Millstone Mortgage|Nova Scotia Salmon|Osprey Outfitters|Pebble Beach Partners|Quantum Dental
Rainier Logistics|Sequoia Wealth|Thunderbird Motors|Umber Coffee Roasters|Vista Eye Care|Whitetail Outfitters|Yucca Valley Solar
Zion Healthcare|Anchor Point Insurance|Blackstone Masonry|Coastal Breeze HVAC|Daybreak Bakery|Eagle Eye Inspections|Frontier Telecom
Golden Gate Imaging|Hawthorne Legal|Inland Empire Trucking|Jubilee Events|Kodiak Trail Foods|Liberty Bookkeeping|Mountain View Dermatology
Newport Yacht Club|Old Mill Furniture|Prairie Wind Energy|Quicksilver Couriers|Rolling Hills Dental|Silverline Windows|Tri-County Electric
Union Square Dental|Valley Forge Capital|Westwind Travel|Apex Fitness|Bluebird Learning|Crown Point Realty|Diamond Head Surf
Echo Lake Resort|First Light Media|Gemini Software|Hudson Valley Dairy|Iris Eye Associates|Jasper Creek Ranch|Keystone Pediatrics
Laurel Wealth|Magnolia Home Health|North Shore Orthodontics|Onyx Data Systems|Pioneer Seed|Questline Labs|Redline Racing
Skyline Elevators|True North Analytics|Upstate Medical Billing|Verity Research|Windward Capital|Acorn Early Learning|Birchwood Clinic
Cloudberry Software|Dragonfly Games|Everest Outdoor|Fjord Seafood|Glacier Point Media|Honeycomb Hosting|Ironclad Contracts
Jaguar Freight|Kinetic Robotics|Lighthouse Credit Union|Moonstone Jewelry|Northfield Mills|Opal Skincare|Polaris Engineering
Quarterdeck Marine|Riverstone Wealth|Starling Bank Services|Tundra Cold Chain|Uplift Physical Therapy|Vireo Health|Wolfpack Sports
Alder Creek Surgical|Brightwater Pools|Cascade Timber|Dunmore Consulting|Ember Analytics|Foxhollow Farms|Greystone Partners
Harvest Moon Organics|Inkwell Publishing|Juniper Field Consulting|Kensington Interiors|Lodestar Logistics|Marigold Senior Living
Nettle & Co Apothecary|Oxbow Outfitters|Parkside Pediatrics|Quantum Freight|Rook Security|Sagebrush Realty|Tamarack Software
Underhill Architects|Verdant Landscapes|Westbrook Dental|Yarrow Health|Zeppelin Events|Argent Financial|Bluestem Goods
Cornerstone Title|Deerfield Medical|Elmwood Insurance|Forge Fitness|Grand Prairie Foods|Hickory Hollow BBQ|Island Air Charter
Jetty Marketing|Knightsbridge Capital|Lantern Health|Mariner Wealth|Nightingale Nursing|Outpost Coffee|Pinecrest Academy
Quantum Bridge|Riverside Urgent Care|Seabright Insurance|Tallgrass Wind|Uptown Dental|Vantage Point Surveying|Wildflower Bakery
Ashford Mechanical|Bellwether Research|Chestnut Hill Dental|Driftless Dairy|Eastwood Property Management|Fairhaven Marine
Goldleaf Accounting|Hearthstone Senior Living|Ironbridge Steel|Jadeite Labs|Kittyhawk Drones|Longview Orthopedics|Mapleton Credit Union
Northgate Pharmacy|Oakmont Wealth|Peregrine Aviation|Quailwood Golf|Redbud Pediatrics|Shoreline Surveying|Thistle Tea Company
Upshot Marketing|Valor Home Health|Wren & Finch|Yellowfin Charters|Zinnia Florist|Arbor Day Tree Service|Brookside Veterinary
Cinder Block Studios|Dogwood Family Practice|Everlight Solar
`
  .trim()
  .split(/\s*[|\n]\s*/)
  .filter((name) => name.length > 0);

const FORM_CYCLE: readonly LegalForm[] = [
  'inc',
  'llc',
  'inc',
  'corp',
  'inc',
  'none',
  'llc',
  'inc',
  'co',
  'corp',
  'inc',
  'llc',
  'group',
  'inc',
  'ltd',
  'inc',
  'llc',
  'corp',
  'none',
  'inc',
];
const TLD_CYCLE: readonly string[] = [
  'com',
  'com',
  'com',
  'com',
  'com',
  'io',
  'com',
  'net',
  'com',
  'co',
  'com',
  'com',
  'ai',
];

function domainFor(name: string, index: number): string {
  const words = name
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9 ]/g, '')
    .split(' ');
  const compact = words.length > 2 && index % 3 === 0 ? words.slice(0, 2).join('') : words.join('');
  return `${compact}.${TLD_CYCLE[index % TLD_CYCLE.length] ?? 'com'}`;
}

/** The company table: ~300 fictional companies, each with a legal form and a unique domain. */
export const COMPANIES: readonly CompanyEntry[] = NAMES.map((name, index) => ({
  name,
  legalForm: FORM_CYCLE[(index * 7) % FORM_CYCLE.length] ?? 'inc',
  domain: domainFor(name, index),
}));
