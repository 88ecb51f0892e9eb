/** Common US street names. */
export const STREET_NAMES: readonly string[] = `
Main|Oak|Maple|Park|Washington|Lake|Hill|Pine|Cedar|Elm|Walnut|Lincoln|Jefferson|Jackson|Madison|Adams|Franklin
Highland|Church|Center|Spring|Sunset|Ridge|River|Chestnut|Willow|Meadow|Forest|Mill|Market|Union|Broad|Water
Prospect|Railroad|Front|Bridge|School|Grove|Valley|Cherry|Spruce|Birch|Dogwood|Magnolia|Poplar|Hickory|Laurel
Sycamore|Aspen|Juniper|Cypress|Lakeview|Hillcrest|Fairview|Woodland|Greenwood|Brookside|Riverside|Country Club
Old Mill|Orchard|Harbor|Bay|Ocean|Beach|Shore|Canyon|Mesa|Vista|Mountain View|Sierra|Colonial|Liberty|Independence
Patriot|Heritage|Providence|Wilson|Monroe|Kennedy|Roosevelt|Grant|Hamilton|Martin Luther King Jr|Cleveland|Taylor
Harrison|Pleasant|Academy|College|University|Commerce|Industrial|Enterprise|Technology|Innovation|Corporate|Executive
Peachtree|Magnolia Bluff|Bluebonnet|Sagebrush|Palm|Orange|Lemon|Olive|Vine|Rose|Ivy|Holly|Heather|Clover|Fox Run
Deer Park|Eagle|Hawk|Falcon|Cardinal|Robin|Bluebird|Quail|Pheasant|Stone|Granite|Quarry|Ridgeview|Summit|Crestview
Westview|Eastwood|Northgate|Southpoint|Kings|Queens|Victoria|Ellis|Morgan|Carter|Walker|Parker|Sherman|Lee|Davis
First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth
`
  .trim()
  .split(/\s*[|\n]\s*/);

/** Street types as [full, USPS abbreviation], most common first. */
export const STREET_TYPES: readonly (readonly [string, string])[] = [
  ['Street', 'St'],
  ['Avenue', 'Ave'],
  ['Road', 'Rd'],
  ['Drive', 'Dr'],
  ['Lane', 'Ln'],
  ['Boulevard', 'Blvd'],
  ['Court', 'Ct'],
  ['Place', 'Pl'],
  ['Way', 'Way'],
  ['Circle', 'Cir'],
  ['Parkway', 'Pkwy'],
  ['Terrace', 'Ter'],
  ['Highway', 'Hwy'],
  ['Trail', 'Trl'],
];

/** Directional prefixes as [full, abbreviation]. */
export const DIRECTIONS: readonly (readonly [string, string])[] = [
  ['North', 'N'],
  ['South', 'S'],
  ['East', 'E'],
  ['West', 'W'],
];

/** Secondary unit designators as [full, abbreviation]. */
export const UNIT_TYPES: readonly (readonly [string, string])[] = [
  ['Suite', 'Ste'],
  ['Apartment', 'Apt'],
  ['Unit', 'Unit'],
  ['Floor', 'Fl'],
];
