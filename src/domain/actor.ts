/** Who is acting: the Teams user (AAD object id) and their tenant, from the activity, never from card data. */
export interface Actor {
  tenantId: string;
  userId: string;
}
